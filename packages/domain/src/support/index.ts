export { type SupportDistribution, supportDistribution } from "./supportDistribution.js";
