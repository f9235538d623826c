import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../app/infra/db/database";
import { scoreShopJob } from "../../app/infra/jobs/job-handlers";
import { startAppProcess, type AppProcess } from "../support/app-process";
import { createPostgresDatabase } from "../support/database-backends";
import { DEMO_SHOP } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";

/**
 * kill -9 of a worker in the middle of a long job (a shop's scoring run): its heartbeat stops, the queue
 * gives the job to the other worker, which finishes it; the shop ends with one complete score set.
 * Two processes on one database: PostgreSQL only (CI sets TEST_DATABASE_URL; PGlite is one process's).
 */
describe.runIf(process.env.TEST_DATABASE_URL)("a worker killed mid-job on PostgreSQL", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("hands the job to the surviving worker, which finishes it once", async () => {
    const created = await createPostgresDatabase();
    cleanups.push(() => created.drop());
    const doomed: AppProcess = await startAppProcess({ DATABASE_URL: created.url, ENCORE_ROLE: "worker", JOB_CONCURRENCY: "1" }, 180_000);
    cleanups.push(() => void doomed.stop("SIGKILL"));
    const db: Database = await openDatabase({ url: created.url, poolSize: 4 });
    cleanups.push(() => db.close());
    const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
    const before = await db.prisma.scoringRun.count({ where: { shopId: shop.id } });

    const survivor = buildTestApp(db, { JOB_SUPERVISE_SECONDS: "2" });
    await survivor.jobs.queue.enqueue(db.pool, scoreShopJob(DEMO_SHOP, "manual"));
    const first = await waitFor(() => db.prisma.scoringRun.findFirst({ where: { shopId: shop.id, status: "running", trigger: "manual" } }), 60_000);
    doomed.child.kill("SIGKILL");
    await new Promise((resolve) => doomed.child.once("exit", resolve));
    const killedAt = Date.now();

    await survivor.jobs.start();
    cleanups.push(() => survivor.jobs.stop(0));
    const finished = await waitFor(() => db.prisma.scoringRun.findFirst({ where: { shopId: shop.id, status: "succeeded", trigger: "manual" } }), 120_000);
    // The claim lapses after the kind's 30 s heartbeat; then the survivor runs it.
    expect(Date.now() - killedAt).toBeGreaterThan(20_000);
    expect(finished.id).not.toBe(first.id);
    const customers = finished.customersScored;
    expect(customers).toBeGreaterThan(4_000);
    const scores = await db.pool.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT "customerId")::int AS distinct FROM "CustomerScore" WHERE "shopId" = $1`,
      [shop.id],
    );
    expect(scores.rows[0]).toEqual({ n: customers, distinct: customers });
    // One run by the killed worker (left "running", never finished), one by the survivor; nothing more.
    expect(await db.prisma.scoringRun.count({ where: { shopId: shop.id } })).toBe(before + 2);
    // The run's row says "succeeded" before its handler returns (its follow-up jobs are enqueued after it), and
    // pg-boss records the job's completion only then: wait for the job to leave "active".
    const jobs = await waitFor(async () => {
      const { rows } = await db.pool.query(`SELECT state, retry_count FROM pgboss.job WHERE name = 'score-shop' AND data->'payload'->>'trigger' = 'manual'`);
      return rows.some((row) => row.state === "active") ? null : rows;
    }, 30_000);
    expect(jobs).toEqual([{ state: "completed", retry_count: 1 }]);
  }, 300_000);
});

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
