/**
 * A cost pool takes part in the runs and reports of periods from a date on: the first day of a
 * month, or null for pools stored before this migration and those given no date while nothing was
 * open or closed (from the beginning, as every pool was). A pool added to a service later is left
 * out of the scenario of every period that ends on or before its date, so runs already made keep
 * reproducing their input hash.
 */
export const sql = `
ALTER TABLE pools ADD COLUMN effective_from date CHECK (effective_from IS NULL OR extract(day FROM effective_from) = 1);
`;
