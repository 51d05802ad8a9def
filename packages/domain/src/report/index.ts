export {
  type AnnualReport,
  annualReport,
  type PartnerRecharge,
  type PoolFinance,
  type ReportFlag,
  type ServiceFinance,
  type ServiceSavings,
} from "./annualReport.js";
