export { bySize, CalculationPool, type Calculations, inlineCalculations } from "./CalculationPool.js";
export { bodyBytes, sendJsonBytes } from "./respond.js";
