export {
  negateAmounts,
  type ReversalDating,
  reverseStatement,
  reverseTransfers,
  reverseYearEnd,
} from "./reversal.js";
