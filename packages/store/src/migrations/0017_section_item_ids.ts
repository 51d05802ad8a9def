/**
 * Each row of a section kept as rows carries its item's id (`sectionItemKind(…).idOf`: an outage's
 * `id`; a measurement's `kpi.period.partner`, the period's name with `-` for `/` and a month without
 * its leading zero, `all` for the partnership), computed by the database from the item on every
 * insert and update, in byte order (`COLLATE "C"`: ids are ASCII, so this is the code-unit order the
 * API lists items in). Reading one item by its id, or a page of the list after a cursor, is then an
 * index lookup rather than a read of the whole section. `section_item_ids.test.ts` checks the
 * expression against `idOf` for every shape of period.
 */
export const sql = `
ALTER TABLE scenario_section_items ADD COLUMN item_id text COLLATE "C" GENERATED ALWAYS AS (
  CASE section
    WHEN 'outages' THEN item ->> 'id'
    WHEN 'measurements' THEN (item ->> 'kpi') || '.'
      || regexp_replace(replace(item ->> 'period', '/', '-'), '-P0', '-P') || '.'
      || COALESCE(item ->> 'partner', 'all')
  END
) STORED;
CREATE INDEX scenario_section_items_item_id ON scenario_section_items (partnership_id, section, item_id);
`;
