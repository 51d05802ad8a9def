export { bySize, CalculationPool, type Calculations, conditionsOf, inlineCalculations } from "./CalculationPool.js";
export { type CalculateRequest, calculate } from "./calculation.js";
