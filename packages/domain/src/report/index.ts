export {
  type AnnualReport,
  annualReport,
  type PartnerRecharge,
  type PoolFinance,
  type ServiceFinance,
  type ServiceSavings,
} from "./annualReport.js";
