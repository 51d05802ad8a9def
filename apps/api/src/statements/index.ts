export { negateAmounts, reverseStatement, reverseTransfers } from "./reversal.js";
export { statementCsv } from "./statementCsv.js";
