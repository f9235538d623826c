import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneOperationalRows, RETENTION_MS } from "../../../app/infra/db/repositories/operational-retention";
import { createJobHandlers, JOB_TYPES, nextPruningRun, schedulePruning } from "../../../app/infra/jobs/job-handlers";
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
    const job = (id: string, status: string, updatedAt: Date) => ({ id, shopDomain: "a.myshopify.com", type: "rescore-customer", payload: {}, status, updatedAt });
    await db.prisma.job.createMany({
      data: [
        job("succeeded-old", "succeeded", ago(8 * DAY)),
        job("succeeded-recent", "succeeded", ago(2 * DAY)),
        job("failed-8-days", "failed", ago(8 * DAY)),
        job("failed-old", "failed", ago(31 * DAY)),
        job("pending-old", "pending", ago(60 * DAY)),
        job("running-old", "running", ago(60 * DAY)),
      ],
    });

    expect(await pruneOperationalRows(db.pool, NOW, 10)).toEqual({ webhookDeliveries: 23, jobs: 2 });
    expect((await db.prisma.webhookDelivery.findMany({ select: { webhookId: true } })).map((row) => row.webhookId).sort()).toEqual(["now", "retry-window", "six-days"]);
    expect((await db.prisma.job.findMany({ select: { id: true } })).map((row) => row.id).sort()).toEqual(["failed-8-days", "pending-old", "running-old", "succeeded-recent"]);
    expect(await pruneOperationalRows(db.pool, NOW, 10)).toEqual({ webhookDeliveries: 0, jobs: 0 });
  });

  it("runs as a daily durable job that schedules its next run, once however many processes start", async () => {
    await db.prisma.job.deleteMany();
    const first = nextPruningRun(NOW);
    expect(first.toISOString()).toBe("2026-12-06T03:00:00.000Z");
    expect(await schedulePruning(db.pool, first)).toBe(true);
    expect(await schedulePruning(db.pool, first)).toBe(false);
    const handlers = createJobHandlers({ db, scoring: noopScoringHooks });
    await handlers[JOB_TYPES.pruneOperationalRows]({ id: "x", shopDomain: "", type: JOB_TYPES.pruneOperationalRows, payload: {}, attempts: 1, maxAttempts: 5 });
    const scheduled = await db.prisma.job.findMany({ where: { type: JOB_TYPES.pruneOperationalRows, status: "pending" }, orderBy: { runAt: "asc" } });
    expect(scheduled.length).toBeGreaterThanOrEqual(1);
    expect(scheduled.at(-1)!.runAt.getTime()).toBeGreaterThan(Date.now());
    expect(scheduled.at(-1)!.runAt.getUTCHours()).toBe(3);
  });
});
