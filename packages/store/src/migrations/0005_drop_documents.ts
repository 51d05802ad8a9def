/**
 * The per-item documents of migration 2 (baselines, one-off costs, KPIs, outages, calendars) were
 * stored unvalidated and never read by a report: the scenario sections of migration 3, validated by
 * the domain, replaced them. One way to store each concept, not two.
 */
export const sql = `
DROP TABLE documents;
`;
