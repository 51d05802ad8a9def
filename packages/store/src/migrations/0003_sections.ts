/**
 * The partnership-wide sections of the domain's scenario document that are agreements rather than
 * transactions (savings agreement, KPIs and measurements, RAG scheme, service calendars, the outage
 * log and its cost, availability settings, budgets): one validated JSON value per section,
 * replaced whole.
 */
export const sql = `
CREATE TABLE scenario_sections (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  section text NOT NULL,
  body jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (partnership_id, section)
);
`;
