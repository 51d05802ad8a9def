export { negateAmounts, reverseStatement, reverseTransfers, reverseYearEnd } from "./reversal.js";
