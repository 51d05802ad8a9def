export {
  type Apportionment,
  type ApportionOptions,
  apportion,
  isConserved,
  type Share,
} from "./apportion.js";
export { type ApportionmentExplanation, explainApportionment, type RecipientExplanation } from "./explain.js";
export { REMAINDER_POLICIES, type RemainderPolicy } from "./RemainderPolicy.js";
export { makeSplitPlan, RunningSplitter, type SplitPlan, splitInto } from "./split.js";
export { compileWeights, shareOf, type WeightInput, type Weights } from "./Weights.js";
