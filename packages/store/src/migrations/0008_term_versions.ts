/**
 * Partnership-wide terms of a scenario section (savings indexation, attribution and target, the RAG
 * scheme, outage-cost and availability settings...) change every partner's figures: a change is
 * proposed as a terms version and takes effect once an approver of every partner has consented, as
 * a rule version does. Each version keeps the section as proposed, the section as it was stored
 * then (its base: a version whose terms were changed meanwhile by another is stale), and the
 * consents it gathered.
 */
export const sql = `
CREATE TABLE term_versions (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  id text NOT NULL,
  seq integer NOT NULL,
  section text NOT NULL,
  body jsonb NOT NULL,
  base jsonb,
  status text NOT NULL CHECK (status IN ('proposed', 'active')),
  proposed_by text NOT NULL,
  proposed_at text NOT NULL,
  activated_at text,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (partnership_id, seq)
);

CREATE TABLE term_consents (
  partnership_id text NOT NULL,
  term_id text NOT NULL,
  partner_id text NOT NULL,
  key_id text NOT NULL,
  actor text NOT NULL,
  consented_at text NOT NULL,
  PRIMARY KEY (partnership_id, term_id, partner_id),
  FOREIGN KEY (partnership_id, term_id) REFERENCES term_versions (partnership_id, id)
);
`;
