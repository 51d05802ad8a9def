import { sql as init } from "./0001_init.js";
import { sql as documents } from "./0002_documents.js";
import { sql as sections } from "./0003_sections.js";
import { sql as idempotency } from "./0004_idempotency.js";
import { sql as dropDocuments } from "./0005_drop_documents.js";
import { sql as poolOrder } from "./0006_pool_order.js";
import { sql as dropImpliedKeys } from "./0007_drop_implied_partnership_keys.js";
import { sql as termVersions } from "./0008_term_versions.js";
import { sql as versionEndings } from "./0009_version_endings.js";
import { sql as serviceHandovers } from "./0010_service_handovers.js";
import { sql as termsInForce } from "./0011_terms_in_force.js";
import { sql as poolEffectiveFrom } from "./0012_pool_effective_from.js";
import { sql as serviceEffectiveFrom } from "./0013_service_effective_from.js";
import { sql as sectionItemRows } from "./0014_section_item_rows.js";
import { sql as sectionItemPositions } from "./0015_section_item_positions_deferrable.js";
import { sql as runDiscard } from "./0016_run_discard.js";
import { sql as sectionItemIds } from "./0017_section_item_ids.js";
import { sql as sectionItemCount } from "./0018_section_item_count.js";

/** One numbered schema change. */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration in order; a new one is appended with the next number, never edited once shipped. */
export const MIGRATIONS: readonly Migration[] = [
  { id: 1, name: "init", sql: init },
  { id: 2, name: "documents", sql: documents },
  { id: 3, name: "sections", sql: sections },
  { id: 4, name: "idempotency", sql: idempotency },
  { id: 5, name: "drop-documents", sql: dropDocuments },
  { id: 6, name: "pool-order", sql: poolOrder },
  { id: 7, name: "drop-implied-partnership-keys", sql: dropImpliedKeys },
  { id: 8, name: "term-versions", sql: termVersions },
  { id: 9, name: "version-endings", sql: versionEndings },
  { id: 10, name: "service-handovers", sql: serviceHandovers },
  { id: 11, name: "terms-in-force", sql: termsInForce },
  { id: 12, name: "pool-effective-from", sql: poolEffectiveFrom },
  { id: 13, name: "service-effective-from", sql: serviceEffectiveFrom },
  { id: 14, name: "section-item-rows", sql: sectionItemRows },
  { id: 15, name: "section-item-positions-deferrable", sql: sectionItemPositions },
  { id: 16, name: "run-discard", sql: runDiscard },
  { id: 17, name: "section-item-ids", sql: sectionItemIds },
  { id: 18, name: "section-item-count", sql: sectionItemCount },
];
