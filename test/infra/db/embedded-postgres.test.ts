import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirLockedError, startEmbeddedPostgres } from "../../../app/infra/db/embedded-postgres";

const dir = mkdtempSync(path.join(tmpdir(), "encore-pglite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("embedded PGlite", () => {
  it("persists to its directory and refuses a second opener while the first is alive", async () => {
    const dataDir = path.join(dir, "data");
    const first = await startEmbeddedPostgres({ dataDir, poolSize: 2 });
    try {
      await expect(startEmbeddedPostgres({ dataDir, poolSize: 2 })).rejects.toBeInstanceOf(DataDirLockedError);
      const client = new pg.Client({ host: first.host, port: first.port, user: "postgres", database: "postgres" });
      await client.connect();
      await client.query("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
      await client.end();
    } finally {
      await first.stop();
    }
    const reopened = await startEmbeddedPostgres({ dataDir, poolSize: 2 });
    try {
      const client = new pg.Client({ host: reopened.host, port: reopened.port, user: "postgres", database: "postgres" });
      await client.connect();
      expect((await client.query("SELECT v FROM kept")).rows).toEqual([{ v: 42 }]);
      await client.end();
    } finally {
      await reopened.stop();
    }
  });

  it("listens on a unix socket only this user can reach (the server has no authentication)", async () => {
    const db = await startEmbeddedPostgres({ dataDir: null, poolSize: 1 });
    try {
      expect(db.host.startsWith(tmpdir())).toBe(true);
      expect(statSync(db.host).mode & 0o777).toBe(0o700);
      const client = new pg.Client({ host: db.host, port: db.port, user: "postgres", database: "postgres" });
      await client.connect();
      expect((await client.query("SELECT 1 AS one")).rows[0].one).toBe(1);
      await client.end();
    } finally {
      await db.stop();
    }
    expect(existsSync(db.host)).toBe(false);
  });

  it("listens on loopback only when asked for TCP", async () => {
    const db = await startEmbeddedPostgres({ dataDir: null, poolSize: 1, listen: "tcp" });
    try {
      expect(db.host).toBe("127.0.0.1");
      expect(db.port).toBeGreaterThan(0);
    } finally {
      await db.stop();
    }
  });
});
