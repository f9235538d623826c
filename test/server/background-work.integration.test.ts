import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import { JOB_TYPES, scoreShopJob } from "../../app/infra/jobs/job-handlers";
import { shopsDueForRescoring } from "../../app/infra/scoring/rescoring-schedule-repository";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { DEMO_SHOP } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";

/** Scheduled re-scoring per shop, and the dead letters a merchant sees (and retries) in Settings. */
describe.each(databaseBackends())("background work on %s", (backend) => {
  let db: TestDatabase;
  let harness: ReturnType<typeof buildTestApp>;
  let failScoring = true;
  const scored: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 4, now: new Date(), customerCount: 20 });
    harness = buildTestApp(db, {}, {
      scoring: {
        async scoreShop(shop, trigger) {
          if (failScoring) throw new Error("the model did not converge");
          scored.push(`${shop}:${trigger}`);
        },
        async rescoreCustomer() {},
      },
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("re-scores each shop at its own UTC hour: nightly, weekly on Sundays, or never", async () => {
    const api = request(harness.app);
    expect((await api.get("/api/settings/rescoring").expect(200)).body).toEqual({ schedule: "nightly", hourUtc: 2 });
    const refused = await api.put("/api/settings/rescoring").send({ schedule: "hourly", hourUtc: 24 }).expect(400);
    expect(refused.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(["hourUtc", "schedule"]);
    await api.put("/api/settings/rescoring").send({ schedule: "weekly", hourUtc: 5 }).expect(200);

    const sunday5 = new Date("2026-12-06T05:05:00Z");
    expect(await shopsDueForRescoring(db.pool, sunday5)).toEqual([DEMO_SHOP]);
    expect(await shopsDueForRescoring(db.pool, new Date("2026-12-07T05:05:00Z"))).toEqual([]);
    expect(await shopsDueForRescoring(db.pool, new Date("2026-12-06T02:05:00Z"))).toEqual([]);
    await api.put("/api/settings/rescoring").send({ schedule: "off", hourUtc: 5 }).expect(200);
    expect(await shopsDueForRescoring(db.pool, sunday5)).toEqual([]);

    // The hourly tick enqueues one scoring run per due shop, however many ticks or workers ask.
    await api.put("/api/settings/rescoring").send({ schedule: "nightly", hourUtc: new Date().getUTCHours() }).expect(200);
    await harness.jobs.queue.enqueue(db.pool, { shopDomain: "", type: JOB_TYPES.scheduleRescoring, payload: {} });
    await harness.jobs.queue.enqueue(db.pool, { shopDomain: "", type: JOB_TYPES.scheduleRescoring, payload: {} });
    failScoring = false;
    await harness.jobs.runUntilIdle();
    expect(scored).toEqual([`${DEMO_SHOP}:schedule`]);
  });

  it("lists a job that failed after all its retries, with its error, and sends it back on retry", async () => {
    failScoring = true;
    await harness.jobs.queue.enqueue(db.pool, scoreShopJob(DEMO_SHOP, "manual"));
    // Each retry waits out its backoff: move the clock of the waiting retry instead of sleeping.
    for (let attempt = 0; attempt < 6; attempt++) {
      await harness.jobs.runUntilIdle();
      await db.pool.query(`UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND state = 'retry'`, [JOB_TYPES.scoreShop]);
    }
    const { body } = await request(harness.app).get("/api/settings/dead-letters").expect(200);
    expect(body.deadLetters).toHaveLength(1);
    expect(body.deadLetters[0]).toMatchObject({ type: JOB_TYPES.scoreShop, attempts: 4 });
    expect(body.deadLetters[0].error).toContain("did not converge");

    failScoring = false;
    expect((await request(harness.app).post("/api/settings/dead-letters/retry").expect(200)).body).toEqual({ retried: 1 });
    await harness.jobs.runUntilIdle();
    expect(scored.at(-1)).toBe(`${DEMO_SHOP}:manual`);
    expect((await request(harness.app).get("/api/settings/dead-letters").expect(200)).body.deadLetters).toEqual([]);
  });
});
