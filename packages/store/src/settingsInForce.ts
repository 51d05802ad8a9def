import type { Queryable } from "./db/index.js";
import type { PartnershipSettings } from "./structure.js";
import { SETTINGS_TERMS } from "./terms.js";
import { listTermsRecords, type TermsInForce, termsRecordFor, termsTimeline } from "./termsInForce.js";

/** A stretch of financial years over which one set of settings charged the partnership's runs. */
export interface SettingsInForce extends Omit<TermsInForce, "section"> {
  /** The settings in force over the stretch. */
  readonly settings: PartnershipSettings;
}

/**
 * The settings that charge a financial year: those of the latest agreed version from that year or
 * an earlier one, or the stored settings when no version was ever agreed (they are then in force
 * from the beginning, as settings always were).
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param stored - its stored settings (the latest agreed)
 * @param year - a financial year, e.g. `2024/25`
 * @returns the settings in force for the year
 */
export async function settingsForYear(
  q: Queryable,
  partnershipId: string,
  stored: PartnershipSettings,
  year: string,
): Promise<PartnershipSettings> {
  const record = termsRecordFor(await listTermsRecords(q, partnershipId, SETTINGS_TERMS), year);
  return record === undefined ? stored : ((record.body ?? {}) as PartnershipSettings);
}

/**
 * Which settings charged each financial year, oldest first: the history of agreed settings versions
 * as contiguous stretches, or the stored settings from the beginning when none was ever agreed.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param stored - its stored settings
 * @returns the stretches, each with its settings, the version and when it was agreed
 */
export async function listSettingsInForce(
  q: Queryable,
  partnershipId: string,
  stored: PartnershipSettings,
): Promise<SettingsInForce[]> {
  const records = await listTermsRecords(q, partnershipId, SETTINGS_TERMS);
  if (records.length === 0)
    return [{ effectiveFrom: null, until: null, termsVersion: null, agreedAt: null, settings: stored }];
  const bodies = new Map(records.map((r) => [r.termsVersion, (r.body ?? {}) as PartnershipSettings]));
  return termsTimeline(records).map(({ section: _s, ...stretch }) => ({
    ...stretch,
    settings: bodies.get(stretch.termsVersion) ?? {},
  }));
}
