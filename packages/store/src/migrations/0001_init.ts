/**
 * The first schema: a partnership and everything in it. Every table is keyed by `partnership_id`
 * first, so partnerships sharing a deployment never see each other's rows. Money is `bigint` minor
 * units with its currency; quantities and rates are `numeric`, read back as text; dates are `date`;
 * instants are ISO text written by the store (so the audit chain hashes exactly what is stored).
 */
export const sql = `
CREATE TABLE partnerships (
  id text PRIMARY KEY,
  name text NOT NULL,
  currency text NOT NULL,
  settings jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at text NOT NULL
);

CREATE TABLE partners (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  id text NOT NULL,
  name text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id)
);

CREATE TABLE services (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  id text NOT NULL,
  name text NOT NULL,
  lead text NOT NULL,
  participants jsonb,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, lead) REFERENCES partners (partnership_id, id)
);

CREATE TABLE pools (
  partnership_id text NOT NULL,
  service_id text NOT NULL,
  id text NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (partnership_id, service_id, id),
  FOREIGN KEY (partnership_id, service_id) REFERENCES services (partnership_id, id)
);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  hash text NOT NULL UNIQUE,
  partnership_id text NOT NULL REFERENCES partnerships (id),
  partner_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'finance', 'approver', 'admin')),
  name text NOT NULL,
  created_at text NOT NULL,
  revoked_at text,
  FOREIGN KEY (partnership_id, partner_id) REFERENCES partners (partnership_id, id)
);

CREATE TABLE rule_versions (
  partnership_id text NOT NULL,
  id text NOT NULL,
  service_id text NOT NULL,
  pool_id text,
  effective_from date NOT NULL,
  document jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('proposed', 'active')),
  proposed_by text NOT NULL,
  proposed_at text NOT NULL,
  activated_at text,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, service_id) REFERENCES services (partnership_id, id)
);

CREATE TABLE rule_consents (
  partnership_id text NOT NULL,
  rule_id text NOT NULL,
  partner_id text NOT NULL,
  key_id text NOT NULL,
  actor text NOT NULL,
  consented_at text NOT NULL,
  PRIMARY KEY (partnership_id, rule_id, partner_id),
  FOREIGN KEY (partnership_id, rule_id) REFERENCES rule_versions (partnership_id, id)
);

CREATE TABLE periods (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  name text NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  closed_at text,
  closed_by text,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, name)
);

CREATE TABLE cost_lines (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  id text NOT NULL,
  basis text NOT NULL CHECK (basis IN ('actual', 'budget')),
  service_id text NOT NULL,
  pool_id text NOT NULL,
  date date NOT NULL,
  amount_minor bigint NOT NULL,
  currency text NOT NULL,
  vat text,
  description text,
  PRIMARY KEY (partnership_id, basis, id),
  FOREIGN KEY (partnership_id, service_id, pool_id) REFERENCES pools (partnership_id, service_id, id)
);
CREATE INDEX cost_lines_by_date ON cost_lines (partnership_id, basis, date);

CREATE TABLE income (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  id text NOT NULL,
  service_id text NOT NULL,
  pool_id text,
  date date NOT NULL,
  amount_minor bigint NOT NULL,
  currency text NOT NULL,
  description text,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, service_id) REFERENCES services (partnership_id, id)
);
CREATE INDEX income_by_date ON income (partnership_id, date);

CREATE TABLE drivers (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  id text NOT NULL,
  basis text NOT NULL CHECK (basis IN ('actual', 'budget')),
  driver text NOT NULL,
  partner_id text NOT NULL,
  period text NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  quantity numeric NOT NULL,
  PRIMARY KEY (partnership_id, basis, id),
  UNIQUE (partnership_id, basis, driver, partner_id, period),
  FOREIGN KEY (partnership_id, partner_id) REFERENCES partners (partnership_id, id)
);

CREATE TABLE fx_rates (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('actual', 'budget')),
  currency text NOT NULL,
  date date,
  year text,
  rate numeric NOT NULL,
  PRIMARY KEY (partnership_id, id)
);

CREATE TABLE runs (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  id text NOT NULL,
  seq integer NOT NULL,
  period text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('recharge', 'reversal')),
  reverses text,
  status text NOT NULL CHECK (status IN ('draft', 'approved', 'posted', 'reversed')),
  options jsonb NOT NULL,
  manifest jsonb NOT NULL,
  output_hash text NOT NULL,
  result text NOT NULL,
  prepared_key text NOT NULL,
  prepared_actor text NOT NULL,
  prepared_at text NOT NULL,
  approved_key text,
  approved_actor text,
  approved_at text,
  posted_at text,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (partnership_id, seq)
);

CREATE TABLE audit_heads (
  partnership_id text PRIMARY KEY REFERENCES partnerships (id),
  seq bigint NOT NULL,
  hash text NOT NULL
);

CREATE TABLE audit_log (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  seq bigint NOT NULL,
  record jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (partnership_id, seq)
);
`;
