export { ownOrLed, runView, transfersOf, yearEndView } from "./partnerView.js";
export { negateAmounts, reverseStatement, reverseTransfers } from "./reversal.js";
export { statementCsv } from "./statementCsv.js";
export { issuerView, type StatementView, statementFor } from "./statementFor.js";
export { statementXlsx } from "./statementXlsx.js";
