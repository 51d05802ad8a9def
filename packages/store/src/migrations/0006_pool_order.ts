/**
 * A service's pools keep the order they were given in (the scenario document's order), so that a
 * report from the stored data lists them as the same report run on the document does. Pools stored
 * before this keep their id order (position 0, then id).
 */
export const sql = `
ALTER TABLE pools ADD COLUMN position integer NOT NULL DEFAULT 0;
`;
