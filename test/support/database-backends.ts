import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database } from "../../app/infra/db/database";

export type Backend = "pglite" | "postgres";

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it), so every suite runs on both. */
export function databaseBackends(): Backend[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestDatabase extends Database {
  /** A connection URL other processes can use (PostgreSQL only; PGlite is in-process). */
  url: string | null;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite loaded from the template built once in
 * global setup, or a new PostgreSQL database created on TEST_DATABASE_URL's server and dropped at close.
 */
export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === "pglite") {
    const templatePath = inject("pgliteTemplate");
    const template = templatePath ? new Blob([readFileSync(templatePath)]) : undefined;
    const db = await openDatabase({ url: "pglite:memory", poolSize: 4, embeddedTemplate: template });
    if (!template) await db.migrate();
    return Object.assign(db, { url: null });
  }
  const created = await createPostgresDatabase();
  const db = await openDatabase({ url: created.url, poolSize: 6 });
  await db.migrate();
  const close = db.close.bind(db);
  return Object.assign(db, {
    url: created.url,
    async close() {
      await close();
      await created.drop();
    },
  });
}

/** A new, empty database on TEST_DATABASE_URL's server (for app processes a test starts); drop() removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `encore_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabaseName(adminUrl, name),
    drop: () => withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function withAdminClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
