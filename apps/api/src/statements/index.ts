export {
  negateAmounts,
  type ReversalDating,
  reverseStatement,
  reverseTransfers,
  reverseYearEnd,
} from "./reversal.js";
export { type SettlementView, settlementView } from "./settlementView.js";
