/**
 * A section kept as rows keeps how many items it holds beside its body (`item_count`; 0 for every
 * other section): a removal leaves a gap in the rows' positions rather than renumbering the rows
 * after it, so the section's length — the index an appended item is recorded at — is no longer the
 * last position plus one, and counting the rows on every append would cost the section again.
 * Every write of the rows sets it in the same statement that stamps the section's `updated_at`.
 */
export const sql = `
ALTER TABLE scenario_sections ADD COLUMN item_count integer NOT NULL DEFAULT 0;
UPDATE scenario_sections s SET item_count = (
  SELECT count(*) FROM scenario_section_items i WHERE i.partnership_id = s.partnership_id AND i.section = s.section
);
`;
