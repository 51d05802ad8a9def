/**
 * A service's lead changes from a date, not for all dates: each hand-over is a row of its own,
 * appended and never rewritten, saying from which first day of a month which partner leads the
 * service and which partner led it until then. `services.lead` stays the lead after the latest
 * hand-over (as it was before this migration: a service never handed over has it as its only lead,
 * so existing services need no row); runs, and who writes a dated row, ask the history for the lead
 * in force on the dates concerned.
 */
export const sql = `
CREATE TABLE service_handovers (
  partnership_id text NOT NULL,
  service_id text NOT NULL,
  effective_from date NOT NULL CHECK (extract(day FROM effective_from) = 1),
  previous_lead text NOT NULL,
  lead text NOT NULL,
  recorded_at text NOT NULL,
  recorded_by text NOT NULL,
  recorded_key text NOT NULL,
  recorded_partner text,
  PRIMARY KEY (partnership_id, service_id, effective_from),
  CHECK (lead <> previous_lead),
  FOREIGN KEY (partnership_id, service_id) REFERENCES services (partnership_id, id),
  FOREIGN KEY (partnership_id, previous_lead) REFERENCES partners (partnership_id, id),
  FOREIGN KEY (partnership_id, lead) REFERENCES partners (partnership_id, id)
);
`;
