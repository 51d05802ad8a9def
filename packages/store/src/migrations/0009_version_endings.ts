/**
 * A proposed rule or terms version that will not be agreed can end without taking effect: an
 * approver of a partner declines it (with a reason), or the proposer's partner withdraws it. The
 * status gains `declined` and `withdrawn`, each version records who ended it (key, person, partner),
 * when and why, and the partner the proposer acted for (who may withdraw it), taken for versions
 * proposed before this migration from their `rule.propose` / `terms.propose` audit records.
 */
export const sql = `
ALTER TABLE rule_versions DROP CONSTRAINT IF EXISTS rule_versions_status_check;
ALTER TABLE rule_versions ADD CONSTRAINT rule_versions_status_check
  CHECK (status IN ('proposed', 'active', 'declined', 'withdrawn'));
ALTER TABLE rule_versions
  ADD COLUMN proposed_partner text,
  ADD COLUMN proposed_key text,
  ADD COLUMN ended_at text,
  ADD COLUMN ended_by text,
  ADD COLUMN ended_key text,
  ADD COLUMN ended_partner text,
  ADD COLUMN end_reason text;
UPDATE rule_versions r SET proposed_partner = a.record->>'partner', proposed_key = a.record->>'keyId'
  FROM audit_log a
  WHERE a.partnership_id = r.partnership_id AND a.record->>'action' = 'rule.propose'
    AND a.record->>'target' = 'rules/' || r.id;

ALTER TABLE term_versions DROP CONSTRAINT IF EXISTS term_versions_status_check;
ALTER TABLE term_versions ADD CONSTRAINT term_versions_status_check
  CHECK (status IN ('proposed', 'active', 'declined', 'withdrawn'));
ALTER TABLE term_versions
  ADD COLUMN proposed_partner text,
  ADD COLUMN proposed_key text,
  ADD COLUMN ended_at text,
  ADD COLUMN ended_by text,
  ADD COLUMN ended_key text,
  ADD COLUMN ended_partner text,
  ADD COLUMN end_reason text;
UPDATE term_versions t SET proposed_partner = a.record->>'partner', proposed_key = a.record->>'keyId'
  FROM audit_log a
  WHERE a.partnership_id = t.partnership_id AND a.record->>'action' = 'terms.propose'
    AND a.record->>'target' = 'terms/' || t.id;
`;
