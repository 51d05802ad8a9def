/**
 * The items of the two sections fed one item at a time — KPI measurements and outages — are kept as
 * rows, one per item in the section's order, with the field the domain's rules between items read
 * (a measurement's KPI, an outage's id) beside each; the section's own row keeps `[]` as its body.
 * Adding an item is then an insert, and checking it reads its neighbours by index, not the section.
 */
export const sql = `
CREATE TABLE scenario_section_items (
  partnership_id text NOT NULL,
  section text NOT NULL,
  position integer NOT NULL,
  neighbour text,
  item jsonb NOT NULL,
  PRIMARY KEY (partnership_id, section, position),
  FOREIGN KEY (partnership_id, section) REFERENCES scenario_sections (partnership_id, section) ON DELETE CASCADE
);
CREATE INDEX scenario_section_items_neighbour ON scenario_section_items (partnership_id, section, neighbour);
INSERT INTO scenario_section_items (partnership_id, section, position, neighbour, item)
  SELECT s.partnership_id, s.section, (x.ord - 1)::int,
         CASE s.section WHEN 'measurements' THEN x.item ->> 'kpi' ELSE x.item ->> 'id' END, x.item
  FROM scenario_sections s CROSS JOIN LATERAL jsonb_array_elements(s.body) WITH ORDINALITY AS x(item, ord)
  WHERE s.section IN ('measurements', 'outages') AND jsonb_typeof(s.body) = 'array';
UPDATE scenario_sections SET body = '[]'::jsonb
  WHERE section IN ('measurements', 'outages') AND jsonb_typeof(body) = 'array';
`;
