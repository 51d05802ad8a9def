export { canonicalFx } from "./canonicalFx.js";
export { type Conversion, type ConvertOptions, convertToBase, type FxRateBasis } from "./convertToBase.js";
