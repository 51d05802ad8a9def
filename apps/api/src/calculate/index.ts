export { CalculationPool, type Calculations, inlineCalculations } from "./CalculationPool.js";
export { type CalculateRequest, calculate } from "./calculation.js";
