export { negateAmounts, reverseStatement, reverseTransfers } from "./reversal.js";
