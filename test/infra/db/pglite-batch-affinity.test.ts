import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../../app/infra/db/embedded-postgres";

/**
 * electric-sql/pglite#1046: pglite-socket interleaves extended-protocol batches from different connections
 * onto PGlite's one session. A pool of several connections must still get its own statement's rows.
 */
describe("embedded PostgreSQL under concurrent pool connections", () => {
  let server: EmbeddedPostgres;
  let pool: pg.Pool;

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dataDir: null, poolSize: 6 });
    pool = new pg.Pool({ host: server.host, port: server.port, user: "postgres", database: "postgres", max: 6 });
  });
  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });

  it("answers every parameterised query with its own statement's result", async () => {
    const queries = Array.from({ length: 300 }, (_, i) =>
      i % 2 === 0
        ? pool.query<{ value: number }>("SELECT $1::int + 1 AS value", [i]).then((r) => expect(r.rows[0].value).toBe(i + 1))
        : pool.query<{ value: string }>("SELECT $1::text || '!' AS value, $2::int AS extra", [`q${i}`, i]).then((r) => expect(r.rows[0].value).toBe(`q${i}!`)),
    );
    const outcomes = await Promise.allSettled(queries);
    const failures = outcomes.filter((o) => o.status === "rejected").map((o) => String((o as PromiseRejectedResult).reason));
    expect(failures.slice(0, 3)).toEqual([]);
  });

  it("keeps transactions on their own connection while other connections query", async () => {
    await pool.query("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)");
    await pool.query("INSERT INTO counter VALUES (1, 0)");
    const increments = Array.from({ length: 40 }, async () => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const { rows } = await client.query<{ n: number }>("SELECT n FROM counter WHERE id = $1 FOR UPDATE", [1]);
        await client.query("UPDATE counter SET n = $1 WHERE id = $2", [rows[0].n + 1, 1]);
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    });
    const readers = Array.from({ length: 40 }, () => pool.query("SELECT n FROM counter WHERE id = $1", [1]));
    await Promise.all([...increments, ...readers]);
    const { rows } = await pool.query<{ n: number }>("SELECT n FROM counter WHERE id = 1");
    expect(rows[0].n).toBe(40);
  });

  it("frees the session when a connection dies in the middle of a transaction", async () => {
    const doomed = new pg.Client({ host: server.host, port: server.port, user: "postgres", database: "postgres" });
    await doomed.connect();
    doomed.on("error", () => {});
    await doomed.query("BEGIN");
    await doomed.query("UPDATE counter SET n = -1 WHERE id = $1", [1]);
    (doomed as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const { rows } = await pool.query<{ n: number }>("SELECT n FROM counter WHERE id = $1", [1]);
    expect(rows[0].n).toBe(40);
  });
});
