/**
 * Idempotency keys of creating requests, per API key: the request's hash, and once it is answered
 * the response to replay. A row without a status is a request in flight. Kept in the database so
 * that the rule holds across API processes.
 */
export const sql = `
CREATE TABLE idempotency_keys (
  key_id text NOT NULL REFERENCES api_keys (id),
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  status integer,
  response_headers jsonb,
  response_body text,
  started_at timestamptz NOT NULL,
  PRIMARY KEY (key_id, idempotency_key)
);
`;
