/**
 * Partnership-wide terms take effect from a financial year, and closed years keep theirs. A terms
 * version says from which year (`effective_from`, `2025/26`; null: from the beginning, as every
 * version before this migration took effect). Each activation appends a row to `terms_in_force`:
 * the section as activated (only its partnership-wide terms are read from it), in force from its
 * year until a later activation from the same or an earlier year. The first activation of a section
 * first appends the terms it replaces (the section as first written, or null when there was none),
 * in force from the beginning. A section with no row has its stored terms in force for every year.
 */
export const sql = `
ALTER TABLE term_versions ADD COLUMN effective_from text CHECK (effective_from ~ '^[0-9]{4}/[0-9]{2}$');

CREATE TABLE terms_in_force (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  section text NOT NULL,
  seq integer NOT NULL,
  effective_from text CHECK (effective_from ~ '^[0-9]{4}/[0-9]{2}$'),
  term_id text,
  body jsonb,
  recorded_at text NOT NULL,
  PRIMARY KEY (partnership_id, section, seq),
  FOREIGN KEY (partnership_id, term_id) REFERENCES term_versions (partnership_id, id)
);
`;
