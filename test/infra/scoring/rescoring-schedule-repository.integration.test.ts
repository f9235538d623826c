import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillJob, createJobHandlers, JOB_TYPES, STALE_SYNC_MS } from "../../../app/infra/jobs/job-handlers";
import { JOB_QUEUE_SCHEMA, JobQueue, type JobRow } from "../../../app/infra/jobs/job-queue";
import type { ScoringHooks } from "../../../app/infra/jobs/scoring-hooks";
import { unfinishedSyncShops } from "../../../app/infra/scoring/rescoring-schedule-repository";
import { silentJobLogger } from "../../support/job-queue";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

const HOUR = 3_600_000;
const PROGRESSING = "progressing.myshopify.com";
const WORKER_DIED = "worker-died.myshopify.com";
const NO_JOB = "retries-spent.myshopify.com";
const JUST_STARTED = "just-started.myshopify.com";

/**
 * checkStaleSyncs (every 15 min) re-queues the backfill of a shop whose history import stalled. An import that
 * has run for two hours on a live worker is not stalled: it must not get a second backfill queued behind it
 * (that one would start the whole import over once the first finished). One whose worker died, or whose job
 * is gone (retries spent), is.
 */
describe.each(databaseBackends())("stale history imports on %s", (backend) => {
  let db: TestDatabase;
  let jobs: JobQueue;
  let release: () => void = () => {};

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    jobs = new JobQueue(db.pool, silentJobLogger);
  });
  afterAll(async () => {
    release();
    await jobs?.stop(1_000);
    await db?.close();
  });

  async function shopWithImport(domain: string, startedAgoMs: number): Promise<string> {
    const shop = await db.prisma.shop.create({ data: { domain } });
    const run = await db.prisma.syncRun.create({
      data: { shopId: shop.id, resource: "orders", status: "importing", startedAt: new Date(Date.now() - startedAgoMs), committedLine: 1_000, linesRead: 1_000 },
    });
    return run.id;
  }

  it("re-queues the backfill of a stuck import, not of a long-running one that is progressing", async () => {
    const progressingRun = await shopWithImport(PROGRESSING, 2 * HOUR);
    await shopWithImport(WORKER_DIED, 2 * HOUR);
    await shopWithImport(NO_JOB, 2 * HOUR);
    await shopWithImport(JUST_STARTED, 5 * 60_000);

    // A live worker runs PROGRESSING's backfill, moving the import's position as it goes.
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const done = new Promise<void>((resolve) => (release = resolve));
    await jobs.enqueue(db.pool, backfillJob(PROGRESSING));
    await jobs.work({
      [JOB_TYPES.backfill]: async () => {
        started();
        for (let stop = false; !stop; ) {
          await db.pool.query(`UPDATE "SyncRun" SET "committedLine" = "committedLine" + 1000, "linesRead" = "linesRead" + 1000 WHERE id = $1`, [progressingRun]);
          stop = await Promise.race([done.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 100))]);
        }
      },
    });
    await running;

    // WORKER_DIED's worker was killed an hour ago: its job is still "active" (no supervisor has run since),
    // but its heartbeat stopped long ago.
    await jobs.enqueue(db.pool, { ...backfillJob(WORKER_DIED), runAt: new Date(Date.now() + HOUR) });
    const [lost] = await jobs.waiting(JOB_TYPES.backfill, WORKER_DIED);
    await db.pool.query(
      `UPDATE ${JOB_QUEUE_SCHEMA}.job SET state = 'active', started_on = now() - interval '2 hours', heartbeat_on = now() - interval '1 hour'
       WHERE name = $1 AND id = $2`,
      [JOB_TYPES.backfill, lost.id],
    );
    // NO_JOB's backfill failed for good (retries spent): nothing of it waits or runs.

    const { rows: [live] } = await db.pool.query<{ state: string; heartbeatSeconds: number }>(
      `SELECT state, heartbeat_seconds AS "heartbeatSeconds" FROM ${JOB_QUEUE_SCHEMA}.job WHERE name = $1 AND data->>'shopDomain' = $2`,
      [JOB_TYPES.backfill, PROGRESSING],
    );
    expect(live).toEqual({ state: "active", heartbeatSeconds: 30 });

    expect(await unfinishedSyncShops(db.pool, new Date(Date.now() - STALE_SYNC_MS))).toEqual([NO_JOB, WORKER_DIED]);

    const check: JobRow = { id: "check", shopDomain: "", type: JOB_TYPES.checkStaleSyncs, payload: {}, attempt: 1, signal: new AbortController().signal };
    await createJobHandlers({ db, jobs, scoring: {} as ScoringHooks })[JOB_TYPES.checkStaleSyncs](check);

    expect(await jobs.waiting(JOB_TYPES.backfill, PROGRESSING)).toEqual([]);
    expect(await jobs.waiting(JOB_TYPES.backfill, JUST_STARTED)).toEqual([]);
    expect(await jobs.waiting(JOB_TYPES.backfill, NO_JOB)).toHaveLength(1);
    // Queued beside the lapsed claim (stately: one waiting, one running), so it runs once that is reaped.
    expect((await jobs.waiting(JOB_TYPES.backfill, WORKER_DIED)).filter((job) => job.id !== lost.id)).toHaveLength(1);

    // The long-running import kept moving all along.
    const progressed = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: progressingRun } });
    expect(progressed.committedLine).toBeGreaterThan(1_000);
  }, 60_000);
});
