/**
 * A shared service takes part in the runs and reports of periods from a date on, as a pool does
 * (migration 12): the first day of a month, or null for services stored before this migration and
 * those added while no period was recorded (from the beginning, as every service was). A service
 * added later is left out of the scenario of every period that ends on or before its date, so runs
 * already made keep reproducing their input hash.
 */
export const sql = `
ALTER TABLE services ADD COLUMN effective_from date CHECK (effective_from IS NULL OR extract(day FROM effective_from) = 1);
`;
