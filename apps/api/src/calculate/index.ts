export { bySize, CalculationPool, type Calculations, conditionsOf, inlineCalculations } from "./CalculationPool.js";
export { type CalculateRequest, calculate, type Job, perform, validate } from "./calculation.js";
export { bodyBytes, sendJsonBytes } from "./respond.js";
