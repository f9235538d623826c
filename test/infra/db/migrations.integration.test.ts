import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "../../../app/infra/db/migrate";
import { diffDatabaseToSchema, isEmptyMigrationScript } from "../../../app/infra/db/schema-engine";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

describe("checked-in migrations", () => {
  it("exist in Prisma's format with a lock file for PostgreSQL", () => {
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    for (const migration of migrations) expect(migration.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
  });
});

describe.each(databaseBackends())("migrations on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("agree with prisma/schema.prisma (the schema engine's diff is empty)", async () => {
    const script = await diffDatabaseToSchema(connectionOf(db));
    expect(script, `schema.prisma and prisma/migrations disagree; run npm run db:migration:new -- <name>:\n${script}`).toSatisfy(
      isEmptyMigrationScript,
    );
  });

  it("are recorded in _prisma_migrations with Prisma's checksums and are not applied twice", async () => {
    const { rows } = await db.pool.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((row) => [row.migration_name, row.checksum])).toEqual(readMigrations().map((m) => [m.name, m.checksum]));
    const again = await db.migrate();
    expect(again.applied).toEqual([]);
  });

  it("roll a failing migration back completely and refuse to go on", async () => {
    const client = await db.pool.connect();
    try {
      const broken = [
        ...readMigrations(),
        { name: "29990101000000_broken", sql: `CREATE TABLE "Half" (id int); SELECT * FROM "NoSuchTable";`, checksum: "x" },
      ];
      await expect(applyMigrations(client, broken)).rejects.toThrow(/29990101000000_broken failed and was rolled back/);
      const { rows } = await client.query(`SELECT to_regclass('"Half"') AS half`);
      expect(rows[0].half).toBeNull();
      const recorded = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`);
      expect(recorded.rows[0].n).toBe(0);
    } finally {
      client.release();
    }
  });

  it("refuse to run when an applied migration was edited", async () => {
    const client = await db.pool.connect();
    try {
      const edited = readMigrations().map((m, index) => (index === 0 ? { ...m, checksum: "0".repeat(64) } : m));
      await expect(applyMigrations(client, edited)).rejects.toThrow(/edited after it was applied/);
    } finally {
      client.release();
    }
  });
});

function connectionOf(db: TestDatabase) {
  const options = (db.pool as unknown as { options: pg.PoolConfig }).options;
  if (db.url) {
    const url = new URL(db.url);
    return { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username) || "postgres", database: url.pathname.slice(1) };
  }
  return { host: String(options.host), port: Number(options.port) };
}
