export { type Conversion, type ConvertOptions, convertToBase, type FxRateBasis } from "./convertToBase.js";
