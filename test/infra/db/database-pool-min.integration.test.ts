import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../app/config/env";
import { openDatabase, type Database } from "../../../app/infra/db/database";
import { createPostgresDatabase } from "../../support/database-backends";

/**
 * A fixed-size pool (DATABASE_POOL_MIN): its connections are open, in UTC, before the first request, so a
 * burst never waits on new server processes. PostgreSQL only (PGlite is one in-process backend).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("PostgreSQL pool with a minimum", () => {
  let database: { url: string; drop(): Promise<void> };
  const opened: Database[] = [];
  const open = async (poolSize: number, poolMin?: number) => {
    const db = await openDatabase({ url: database.url, poolSize, poolMin });
    opened.push(db);
    return db;
  };
  const serverConnections = async (db: Database) =>
    (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`)).rows[0].n;

  beforeAll(async () => {
    database = await createPostgresDatabase();
  });
  afterAll(async () => {
    for (const db of opened) await db.close();
    await database?.drop();
  });

  it("opens the minimum before the database is handed out, each connection already in UTC", async () => {
    const db = await open(6, 4);
    expect(db.pool.totalCount).toBe(4);
    expect(db.pool.idleCount).toBe(4);
    expect(await serverConnections(db)).toBe(4);
    const clients = await Promise.all([1, 2, 3, 4].map(() => db.pool.connect()));
    try {
      expect(db.pool.totalCount).toBe(4); // the four checkouts reused what was open
      for (const client of clients) expect((await client.query<{ TimeZone: string }>("SHOW TIME ZONE")).rows[0].TimeZone).toBe("UTC");
    } finally {
      for (const client of clients) client.release();
    }
    await db.close();
    opened.pop();
  });

  it("opens nothing ahead by default, and never more than the pool size", async () => {
    const lazy = await open(5);
    expect(lazy.pool.totalCount).toBe(0);
    const capped = await open(2, 8);
    expect(capped.pool.totalCount).toBe(2);
  });

  it("reads DATABASE_POOL_MIN from the environment, capped at DATABASE_POOL_SIZE", () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: "10", DATABASE_POOL_MIN: "10" }).databasePoolMin).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: "4", DATABASE_POOL_MIN: "10" }).databasePoolMin).toBe(4);
    expect(loadConfig({}).databasePoolMin).toBe(0);
  });
});
