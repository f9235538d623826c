import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../app/infra/db/database";

/**
 * Builds one migrated PGlite database and dumps it; each test file loads the dump (~1 s) instead of
 * creating and migrating a new one (~5 s).
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "encore-template-"));
  const templatePath = path.join(dir, "pglite-template.tar");
  const db = await openDatabase({ url: `pglite:${path.join(dir, "data")}`, poolSize: 2 });
  await db.migrate();
  await db.close();
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = await PGlite.create({ dataDir: path.join(dir, "data") });
  const dump = (await pglite.dumpDataDir("none")) as Blob;
  await pglite.close();
  writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", templatePath);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
