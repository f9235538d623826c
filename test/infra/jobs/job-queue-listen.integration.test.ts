import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_TYPES } from "../../../app/infra/jobs/job-kinds";
import { JobQueue, type JobRow } from "../../../app/infra/jobs/job-queue";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";
import { silentJobLogger } from "../../support/job-queue";

const listeners = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Workers on PostgreSQL wake on LISTEN/NOTIFY through a connection of our pool (job-queue.ts poolListener):
 * a broken listening connection is given back to the pool once (never twice: that threw from an 'error'
 * event, an uncaught exception) and listening resumes on a new one, and the queue still runs what is sent.
 */
describe.each(databaseBackends().filter((backend) => backend === "postgres"))("job queue LISTEN on %s", (backend) => {
  let db: TestDatabase;
  let worker: JobQueue;
  let sender: JobQueue;
  const ran: JobRow[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    worker = new JobQueue(db.pool, silentJobLogger, { listen: true });
    sender = new JobQueue(db.pool, silentJobLogger);
    await worker.work({ [JOB_TYPES.webhookDelivery]: async (job) => void ran.push(job) }, { batched: { [JOB_TYPES.webhookDelivery]: { batchSize: 25, concurrency: 1 } } });
  });
  afterAll(async () => {
    await worker?.stop(0);
    await sender?.stop(0);
    await db?.close();
  });

  it("listens again after its connection is killed, and runs what another instance sends", async () => {
    const first = await until(async () => (await db.pool.query<{ pid: number }>(listeners)).rows, (rows) => rows.length > 0);
    expect(first.length).toBeGreaterThan(0);
    await db.pool.query(`SELECT pg_terminate_backend(pid) FROM (${listeners}) AS l`);
    const again = await until(
      async () => (await db.pool.query<{ pid: number }>(listeners)).rows,
      (rows) => rows.length > 0 && rows.every((row) => !first.some((old) => old.pid === row.pid)),
    );
    expect(again.length).toBeGreaterThan(0);
    expect(again.some((row) => first.some((old) => old.pid === row.pid))).toBe(false);

    await sender.enqueue(db.pool, { shopDomain: "listen.myshopify.com", type: JOB_TYPES.webhookDelivery, payload: { topic: "shop/redact", webhookId: "listen-1", apiVersion: "2026-10", body: {} } });
    const seen = await until(async () => ran.length, (count) => count > 0);
    expect(seen).toBe(1);
    expect(ran[0].payload).toMatchObject({ webhookId: "listen-1" });
  });

  it("gives the listening connection back once when it stops: a later error on it is the pool's", async () => {
    const uncaught: Error[] = [];
    const record = (error: Error) => void uncaught.push(error);
    process.on("uncaughtException", record);
    try {
      await worker.stop(0);
      // The connection now idles in the pool; killing it (from outside the pool, which would otherwise lend
      // that very connection to the killing query) raises its 'error' event there.
      const outside = new pg.Client({ connectionString: db.url! });
      await outside.connect();
      try {
        await outside.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      } finally {
        await outside.end();
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(uncaught.map((error) => error.message)).toEqual([]);
      expect((await db.pool.query<{ ok: number }>("SELECT 1 AS ok")).rows[0].ok).toBe(1);
    } finally {
      process.off("uncaughtException", record);
    }
  });
});
