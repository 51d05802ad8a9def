/**
 * A draft run (or draft reversal) made in error can be discarded: it is kept, marked `discarded`,
 * with who discarded it, when and why, since its id may be cited and the audit chain refers to it.
 * The four columns are set together, exactly when the run is discarded.
 */
export const sql = `
ALTER TABLE runs DROP CONSTRAINT runs_status_check;
ALTER TABLE runs ADD CONSTRAINT runs_status_check
  CHECK (status IN ('draft', 'approved', 'posted', 'reversed', 'discarded'));
ALTER TABLE runs
  ADD COLUMN discarded_key text,
  ADD COLUMN discarded_actor text,
  ADD COLUMN discarded_at text,
  ADD COLUMN discard_reason text;
ALTER TABLE runs ADD CONSTRAINT runs_discarded_check CHECK (
  (status = 'discarded') = (discarded_key IS NOT NULL)
  AND (discarded_key IS NULL) = (discarded_actor IS NULL)
  AND (discarded_key IS NULL) = (discarded_at IS NULL)
  AND (discarded_key IS NULL) = (discard_reason IS NULL)
);
`;
