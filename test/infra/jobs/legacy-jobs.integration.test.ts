import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_TYPES } from "../../../app/infra/jobs/job-kinds";
import { JobQueue } from "../../../app/infra/jobs/job-queue";
import { migrateLegacyJobs } from "../../../app/infra/jobs/legacy-jobs";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";
import { silentJobLogger } from "../../support/job-queue";

/** The upgrade to pg-boss keeps the work the hand-written queue still had waiting. */
describe.each(databaseBackends())("legacy job hand-over on %s", (backend) => {
  let db: TestDatabase;
  let queue: JobQueue;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    queue = new JobQueue(db.pool, silentJobLogger);
  });
  afterAll(async () => {
    await queue?.stop(0);
    await db?.close();
  });

  it("moves pending and interrupted jobs with their keys and due times, drops finished ones and the old table", async () => {
    const later = new Date(Date.now() + 3_600_000);
    const row = (id: string, type: string, status: string, dedupeKey: string | null, runAt = new Date()) =>
      db.pool.query(
        `INSERT INTO encore_legacy."Job" (id, "shopDomain", type, payload, status, "dedupeKey", "runAt", "updatedAt") VALUES ($1, 'a.myshopify.com', $2, $3, $4, $5, $6, now())`,
        [id, type, JSON.stringify({ orderGid: `gid://shopify/Order/${id}` }), status, dedupeKey, runAt],
      );
    await row("1", JOB_TYPES.orderOffers, "pending", "order-offers:1");
    await row("2", JOB_TYPES.orderOffers, "running", "order-offers:2");
    await row("3", JOB_TYPES.orderOffers, "succeeded", null);
    await row("4", JOB_TYPES.orderOffers, "failed", null);
    await row("5", JOB_TYPES.backfill, "pending", "backfill:a", later);

    expect(await Promise.all([migrateLegacyJobs(db.pool, queue), migrateLegacyJobs(db.pool, queue)]).then((n) => n.sort())).toEqual([0, 3]);

    const offers = await queue.waiting(JOB_TYPES.orderOffers);
    expect(offers.map((job) => [job.key, job.payload.orderGid]).sort()).toEqual([
      ["order-offers:1", "gid://shopify/Order/1"],
      ["order-offers:2", "gid://shopify/Order/2"],
    ]);
    const [backfill] = await queue.waiting(JOB_TYPES.backfill);
    expect(backfill).toMatchObject({ shopDomain: "a.myshopify.com", key: "backfill:a" });
    expect(Math.abs(backfill.runAt.getTime() - later.getTime())).toBeLessThan(1_000);
    const { rows } = await db.pool.query(`SELECT to_regclass('encore_legacy."Job"') AS table`);
    expect(rows[0].table).toBeNull();
    expect(await migrateLegacyJobs(db.pool, queue)).toBe(0);
  });
});
