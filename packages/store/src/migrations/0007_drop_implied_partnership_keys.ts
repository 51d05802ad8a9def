/**
 * Cost lines, income and driver quantities each checked two foreign keys per row: their partnership,
 * and their pool, service or partner, which already belongs to that same partnership. The first is
 * implied by the second (both carry `partnership_id`, and the pool, service or partner row can only
 * exist in an existing partnership), yet PostgreSQL checks it row by row: in PGlite about a quarter
 * of a 100,000-line import. The referential check that matters stays.
 */
export const sql = `
ALTER TABLE cost_lines DROP CONSTRAINT IF EXISTS cost_lines_partnership_id_fkey;
ALTER TABLE income DROP CONSTRAINT IF EXISTS income_partnership_id_fkey;
ALTER TABLE drivers DROP CONSTRAINT IF EXISTS drivers_partnership_id_fkey;
`;
