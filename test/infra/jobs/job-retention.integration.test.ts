import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEAD_LETTER_QUEUE, JOB_TYPES } from "../../../app/infra/jobs/job-kinds";
import { JOB_QUEUE_SCHEMA } from "../../../app/infra/jobs/job-queue";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

const HOUR = 3_600;
const DAY = 24 * HOUR;

/**
 * Finished jobs are deleted by pg-boss's own maintenance, per queue: the settings the migrations give each
 * queue (JOB_KIND_QUEUES, JOB_QUEUE_DEFAULTS, DEAD_LETTER_QUEUE_OPTIONS) are what decides. The numbers are
 * written out here, not imported, so that changing a window is a visible change to this test.
 */
describe.each(databaseBackends())("retention of finished jobs by pg-boss on %s", (backend) => {
  let db: TestDatabase;
  let boss: PgBoss;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    // pg-boss over the app's pool and schema, as the workers run it, but driven by hand: `supervise()` is the
    // maintenance pass the workers' timer runs (JOB_SUPERVISE_SECONDS).
    boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => db.pool.query(text, values as unknown[]) },
      schema: JOB_QUEUE_SCHEMA,
      migrate: false,
      supervise: false,
      schedule: false,
    });
    boss.on("error", () => {});
    await boss.start();
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: false });
    await db?.close();
  });

  it("every queue carries its retention: finished jobs 7 days (shop-redact 1 hour, webhook deliveries 1 day), dead letters 30 days", async () => {
    const { rows } = await db.pool.query<{ name: string; deletion_seconds: number; retention_seconds: number; dead_letter: string | null }>(
      `SELECT name, deletion_seconds, retention_seconds, dead_letter FROM ${JOB_QUEUE_SCHEMA}.queue ORDER BY name`,
    );
    const settings = Object.fromEntries(rows.map(({ name, ...rest }) => [name, rest]));
    for (const type of Object.values(JOB_TYPES)) {
      expect(settings[type], type).toEqual({
        deletion_seconds: type === JOB_TYPES.shopRedact ? HOUR : type === JOB_TYPES.webhookDelivery ? DAY : 7 * DAY,
        retention_seconds: 14 * DAY,
        dead_letter: DEAD_LETTER_QUEUE,
      });
    }
    expect(settings[DEAD_LETTER_QUEUE]).toEqual({ deletion_seconds: 30 * DAY, retention_seconds: 30 * DAY, dead_letter: null });
    // The same through pg-boss's API.
    expect(await boss.getQueue(JOB_TYPES.orderOffers)).toMatchObject({ deleteAfterSeconds: 7 * DAY, deadLetter: DEAD_LETTER_QUEUE });
    expect(await boss.getQueue(JOB_TYPES.shopRedact)).toMatchObject({ deleteAfterSeconds: HOUR });
    expect(await boss.getQueue(DEAD_LETTER_QUEUE)).toMatchObject({ deleteAfterSeconds: 30 * DAY, retentionSeconds: 30 * DAY });
  });

  it("pg-boss's maintenance deletes finished jobs and dead letters past their window and keeps the younger ones", async () => {
    const completed = {
      offersOld: await finish(JOB_TYPES.orderOffers, "complete"),
      offersRecent: await finish(JOB_TYPES.orderOffers, "complete"),
      redactOld: await finish(JOB_TYPES.shopRedact, "complete"),
      redactRecent: await finish(JOB_TYPES.shopRedact, "complete"),
      failedOld: await finish(JOB_TYPES.orderOffers, "fail"),
    };
    const failedRecent = await finish(JOB_TYPES.orderOffers, "fail");
    // Jobs carry their queue's window from the moment they are created.
    expect(await column(completed.offersOld, "deletion_seconds")).toBe(7 * DAY);
    expect(await column(completed.redactOld, "deletion_seconds")).toBe(HOUR);

    // Retries spent: a copy waits in the dead-letter queue (for Settings' failed-jobs list) for 30 days.
    const letters = await deadLetterOf([completed.failedOld, failedRecent]);
    const { rows: [letter] } = await db.pool.query<{ state: string; keepSeconds: number }>(
      `SELECT state, extract(epoch FROM keep_until - created_on)::int AS "keepSeconds" FROM ${JOB_QUEUE_SCHEMA}.job WHERE id = $1`,
      [letters[0]],
    );
    expect(letter.state).toBe("created");
    expect(Math.abs(letter.keepSeconds - 30 * DAY)).toBeLessThan(60);

    // Time passes (rows backdated as if they had finished or failed that long ago).
    await finishedAgo(completed.offersOld, 7 * DAY + HOUR);
    await finishedAgo(completed.offersRecent, 6 * DAY);
    await finishedAgo(completed.redactOld, HOUR + 60);
    await finishedAgo(completed.redactRecent, 50 * 60);
    await finishedAgo(completed.failedOld, 7 * DAY + HOUR);
    await finishedAgo(failedRecent, 2 * DAY);
    await deadLetterCreatedAgo(letters[0], 30 * DAY + HOUR);
    await deadLetterCreatedAgo(letters[1], 29 * DAY);

    await boss.supervise();

    expect(await existing([...Object.values(completed), failedRecent, ...letters])).toEqual(new Set([completed.offersRecent, completed.redactRecent, failedRecent, letters[1]]));
  });

  let sequence = 0;
  /** Sends one job and runs it to the end (stately queues: one queued job per key, hence a key each). */
  async function finish(name: string, outcome: "complete" | "fail"): Promise<string> {
    const key = `retention-${sequence++}`;
    const id = await boss.send(name, { shopDomain: "", payload: {} }, { singletonKey: key, ...(outcome === "fail" ? { retryLimit: 0 } : {}) });
    expect(id).not.toBeNull();
    const [job] = await boss.fetch(name);
    expect(job.id).toBe(id);
    if (outcome === "complete") await boss.complete(name, job.id);
    else await boss.fail(name, job.id, { message: "gave up" });
    return job.id;
  }

  async function column(id: string, name: "deletion_seconds"): Promise<number> {
    return (await db.pool.query(`SELECT ${name} AS value FROM ${JOB_QUEUE_SCHEMA}.job WHERE id = $1`, [id])).rows[0].value;
  }

  async function deadLetterOf(ids: string[]): Promise<string[]> {
    const letters: string[] = [];
    for (const id of ids) {
      const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM ${JOB_QUEUE_SCHEMA}.job WHERE name = $1 AND source_id = $2`, [DEAD_LETTER_QUEUE, id]);
      expect(rows).toHaveLength(1);
      letters.push(rows[0].id);
    }
    return letters;
  }

  async function finishedAgo(id: string, seconds: number): Promise<void> {
    await db.pool.query(
      `UPDATE ${JOB_QUEUE_SCHEMA}.job SET created_on = now() - make_interval(secs => $2 + 60), started_on = now() - make_interval(secs => $2 + 30),
         completed_on = now() - make_interval(secs => $2) WHERE id = $1`,
      [id, seconds],
    );
  }

  async function deadLetterCreatedAgo(id: string, seconds: number): Promise<void> {
    await db.pool.query(
      `UPDATE ${JOB_QUEUE_SCHEMA}.job SET created_on = now() - make_interval(secs => $2), start_after = now() - make_interval(secs => $2),
         keep_until = keep_until - make_interval(secs => $2) WHERE id = $1`,
      [id, seconds],
    );
  }

  async function existing(ids: string[]): Promise<Set<string>> {
    const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM ${JOB_QUEUE_SCHEMA}.job WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((row) => row.id));
  }
});
