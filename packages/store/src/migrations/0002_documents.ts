/**
 * Documents of the concepts the domain is gaining (baselines, one-off costs, KPIs, outages, service
 * calendars): stored whole as validated JSON, with the columns the store filters and guards on
 * pulled out beside them. When the domain's schemas land, only the validation changes.
 */
export const sql = `
CREATE TABLE documents (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  kind text NOT NULL,
  id text NOT NULL,
  service_id text,
  partner_id text,
  start_date date,
  end_date date,
  body jsonb NOT NULL,
  PRIMARY KEY (partnership_id, kind, id)
);
CREATE INDEX documents_by_service ON documents (partnership_id, kind, service_id);
`;
