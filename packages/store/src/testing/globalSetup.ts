import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { asDatabase } from "../db/openPglite.js";
import { migrate } from "../migrations/migrate.js";
import { MIGRATED_PGLITE } from "./openMigratedPglite.js";

/**
 * Vitest's global set-up of the store and API suites: once per test run, before any test file,
 * creates a PGlite database in memory, applies every migration, and writes its data directory
 * (`dumpDataDir`, a tar file) to a temporary folder; each test file then opens its PGlite from that
 * file ({@link openMigratedPglite}) instead of creating a database (initdb) and migrating it. Made
 * from the current migrations at each run, never kept: a dump cannot be stale. Nothing is made when
 * the suites run on a server (`TEST_DATABASE_URL`): each file migrates a schema of its own there.
 *
 * @param project - the vitest project, to hand the file's path to the test files
 * @returns the teardown, which removes the file
 */
export async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const url = process.env.TEST_DATABASE_URL;
  if (url !== undefined && url !== "") return undefined;
  const dir = mkdtempSync(join(tmpdir(), "3c-migrated-pglite-"));
  const file = join(dir, "migrated.tar");
  const pg = await PGlite.create();
  try {
    await migrate(asDatabase(pg));
    writeFileSync(file, new Uint8Array(await (await pg.dumpDataDir("none")).arrayBuffer()));
  } finally {
    await pg.close();
  }
  project.provide(MIGRATED_PGLITE, file);
  return () => rmSync(dir, { recursive: true, force: true });
}
