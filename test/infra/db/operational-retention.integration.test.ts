import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneOperationalRows, RETENTION_MS } from "../../../app/infra/db/repositories/operational-retention";
import { createJobHandlers, JOB_TYPES } from "../../../app/infra/jobs/job-handlers";
import { JobQueue } from "../../../app/infra/jobs/job-queue";
import { silentJobLogger } from "../../support/job-queue";
import { buildTestApp } from "../../support/test-app";
import { noopScoringHooks } from "../../../app/infra/jobs/scoring-hooks";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

const NOW = new Date("2026-12-05T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const DAY = 86_400_000;

describe.each(databaseBackends())("retention of operational rows on %s", (backend) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("prunes deliveries past the dedupe window and finished jobs by age, in batches, and nothing else", async () => {
    // 23 old deliveries (more than a batch of 10), 3 within Shopify's 48 h retry window and the week kept.
    const deliveries = [
      ...Array.from({ length: 23 }, (_, i) => ({ webhookId: `old-${i}`, receivedAt: ago(RETENTION_MS.webhookDeliveries + DAY + i) })),
      { webhookId: "retry-window", receivedAt: ago(47 * 3_600_000) },
      { webhookId: "six-days", receivedAt: ago(6 * DAY) },
      { webhookId: "now", receivedAt: NOW },
    ];
    await db.prisma.webhookDelivery.createMany({ data: deliveries.map((row) => ({ ...row, shopDomain: "a.myshopify.com", topic: "orders/create" })) });
    expect(await pruneOperationalRows(db.pool, NOW, 10)).toEqual({ webhookDeliveries: 23 });
    expect((await db.prisma.webhookDelivery.findMany({ select: { webhookId: true } })).map((row) => row.webhookId).sort()).toEqual(["now", "retry-window", "six-days"]);
    expect(await pruneOperationalRows(db.pool, NOW, 10)).toEqual({ webhookDeliveries: 0 });
  });

  it("runs daily at 03:00 UTC through the queue's cron: one schedule however many workers start, and the job prunes", async () => {
    const runners = [0, 1].map(() => buildTestApp(db).jobs);
    try {
      await Promise.all(runners.map((runner) => runner.start()));
      const schedules = await runners[0].queue.schedules();
      expect(schedules.filter((row) => row.type === JOB_TYPES.pruneOperationalRows)).toEqual([{ type: JOB_TYPES.pruneOperationalRows, cron: "0 3 * * *" }]);
    } finally {
      await Promise.all(runners.map((runner) => runner.stop(0)));
    }
    await db.prisma.webhookDelivery.create({ data: { webhookId: "old-again", shopDomain: "a.myshopify.com", topic: "orders/create", receivedAt: ago(8 * DAY) } });
    const handlers = createJobHandlers({ db, jobs: new JobQueue(db.pool, silentJobLogger), scoring: noopScoringHooks, now: () => NOW });
    await handlers[JOB_TYPES.pruneOperationalRows]({ id: "x", shopDomain: "", type: JOB_TYPES.pruneOperationalRows, payload: {}, attempt: 1, signal: new AbortController().signal });
    expect(await db.prisma.webhookDelivery.count({ where: { webhookId: "old-again" } })).toBe(0);
  });
});
