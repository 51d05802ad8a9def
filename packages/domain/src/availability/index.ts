export {
  type AvailabilityFigures,
  type AvailabilityOptions,
  type AvailabilityReport,
  availability,
  type OutageInPeriod,
  type PercentFormat,
  type PlannedTreatment,
} from "./availability.js";
export {
  type AvailabilityDocument,
  availabilitySectionsSchema,
  availabilitySettingsSchema,
  calendarSchema,
  instantSchema,
  loadedRateSchema,
  outageCostSchema,
  outageSchema,
  timeOfDaySchema,
  timeZoneSchema,
} from "./availabilitySchema.js";
export { bankHolidayCounts, calendarHoursKey } from "./calendarHoursKey.js";
export { firstLoggedQuarter } from "./firstLoggedQuarter.js";
export {
  type IncidentClock,
  type IncidentOutcome,
  type IncidentResolutionFigures,
  type IncidentResolutionOptions,
  type IncidentResolutionReport,
  type IncidentTarget,
  incidentResolution,
} from "./incidentResolution.js";
export { type EpochSeconds, formatInstant, parseInstant } from "./instant.js";
export { type LoadedRate, type LoadedRateInput, loadedHourlyRate } from "./loadedHourlyRate.js";
export {
  type LocalTimeOptions,
  localDateOf,
  localTimeToInstant,
  localToInstant,
  parseTimeOfDay,
  type RepeatedHour,
  startOfLocalDay,
} from "./localTime.js";
export { availabilityMeasurements, incidentMeasurements, type OutageKpiMeasurement } from "./measurements.js";
export {
  type Outage,
  type PartnerImpact,
  PRIORITIES,
  type Priority,
  readOutageLog,
  type TimedOutage,
} from "./Outage.js";
export { type OutageCostLine, type OutageCostReport, type OutageCostSettings, outageCost } from "./outageCost.js";
export { type OutageKpiOptions, outageKpiMeasurements } from "./outageKpiMeasurements.js";
export {
  type AvailabilityInputs,
  type AvailabilitySettings,
  availabilityFromDocument,
  type IncidentTargetSetting,
  type ParseAvailabilityOptions,
  parseAvailability,
} from "./parseAvailability.js";
export { reportInstant } from "./reportInstant.js";
export {
  agreedServiceIntervals,
  type Calendar24x7,
  type CalendarChange,
  type CalendarHours,
  calendarIntervals,
  calendarIntervalsAround,
  calendarOn,
  calendarSpan,
  calendarTimeZone,
  checkCalendar,
  periodInterval,
  type ServiceCalendar,
  WEEKDAYS,
  type Weekday,
  type WorkingHoursCalendar,
} from "./ServiceCalendar.js";
export {
  intersectIntervals,
  mergeIntervals,
  overlapSeconds,
  subtractIntervals,
  type TimeInterval,
  totalSeconds,
} from "./TimeInterval.js";
export { checkTimeZone, DEFAULT_TIME_ZONE, offsetSeconds, SECONDS_PER_DAY } from "./timeZone.js";
