export { type DataState, readDataState, sameState } from "./DataState.js";
export {
  DEFAULT_REPORT_CACHE,
  ReportCache,
  type ReportCacheEntry,
  type ReportCacheOptions,
  type ReportCacheSize,
  type YearCounts,
} from "./ReportCache.js";
export { type ReportReads, reportReads } from "./reportReads.js";
