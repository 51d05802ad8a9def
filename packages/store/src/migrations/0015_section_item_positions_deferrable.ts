/**
 * The key of a section item row (its position) is checked at the end of each statement rather than
 * row by row, so one `UPDATE … SET position = position - 1` renumbers the items after a deleted one
 * whatever order PostgreSQL visits them in (a row-by-row check would meet the not yet moved row).
 */
export const sql = `
ALTER TABLE scenario_section_items DROP CONSTRAINT scenario_section_items_pkey;
ALTER TABLE scenario_section_items
  ADD CONSTRAINT scenario_section_items_pkey PRIMARY KEY (partnership_id, section, position) DEFERRABLE INITIALLY IMMEDIATE;
`;
