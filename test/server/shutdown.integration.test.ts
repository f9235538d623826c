import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../app/infra/db/database";
import { startAppProcess, type AppProcess } from "../support/app-process";
import { createPostgresDatabase, databaseBackends } from "../support/database-backends";
import { webhookHeaders } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";
import { processWebhookDeliveries } from "../support/webhook-delivery";
import { JOB_TYPES } from "../../app/infra/jobs/job-kinds";
import { readFileSync } from "node:fs";

const ORDER = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../fixtures/webhooks/orders-create.json"), "utf8"));
const orderNumber = (i: number) => ORDER.id + 10_000 + i;
const gidOf = (i: number) => `gid://shopify/Order/${orderNumber(i)}`;

/**
 * SIGTERM to `npm start` in the middle of a webhook burst: the process stops accepting, answers what it took,
 * stops claiming jobs, closes the database and exits 0 within 10 s; every delivery answered 200 is stored:
 * applied already, or committed as a webhook-delivery job that the next start applies.
 */
describe.each(databaseBackends())("graceful shutdown of npm start on %s", (backend) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("exits 0 within 10 s of SIGTERM during a burst, having stored every delivery it answered 200", async () => {
    let databaseUrl: string;
    if (backend === "pglite") {
      const dir = mkdtempSync(path.join(tmpdir(), "encore-shutdown-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      databaseUrl = `pglite:${path.join(dir, "data")}`;
    } else {
      const created = await createPostgresDatabase();
      cleanups.push(() => created.drop());
      databaseUrl = created.url;
    }
    const app: AppProcess = await startAppProcess({ DATABASE_URL: databaseUrl }, 120_000, "npm");
    cleanups.push(() => void app.stop("SIGKILL"));

    const answered: number[] = [];
    let refused = 0;
    let next = 0;
    let signalledAt = 0;
    const exited = new Promise<number | null>((resolve) => app.child.once("exit", (code) => resolve(code)));
    const sender = async () => {
      while (next < 400) {
        const i = next++;
        const order = { ...ORDER, id: orderNumber(i), admin_graphql_api_id: `gid://shopify/Order/${orderNumber(i)}`, name: `#S${i}` };
        const body = JSON.stringify(order);
        try {
          const response = await fetch(new URL("/api/webhooks", app.url), { method: "POST", headers: webhookHeaders({ body, topic: "orders/create" }), body });
          if (response.status === 200) answered.push(i);
          await response.arrayBuffer();
        } catch {
          refused++;
        }
        if (answered.length === 60 && !signalledAt) {
          signalledAt = Date.now();
          app.child.kill("SIGTERM");
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, sender));
    const code = await exited;
    const stoppedInMs = Date.now() - signalledAt;

    expect(signalledAt).toBeGreaterThan(0);
    expect(code).toBe(0);
    expect(stoppedInMs).toBeLessThan(10_000);
    // The burst went on after the signal: some were answered in flight, the rest refused.
    expect(refused).toBeGreaterThan(0);

    // The process is really gone: the embedded database's lock is released, and every 200 is stored.
    const db = await openDatabase({ url: databaseUrl, poolSize: 2 });
    try {
      const applied = async () =>
        new Set((await db.pool.query<{ gid: string }>(`SELECT "shopifyGid" AS gid FROM "Order" WHERE name LIKE '#S%'`)).rows.map((row) => row.gid));
      const queued = new Set(
        (await db.pool.query<{ gid: string }>(`SELECT data->'payload'->'body'->>'admin_graphql_api_id' AS gid FROM pgboss.job WHERE name = $1 AND state <> 'completed'`, [JOB_TYPES.webhookDelivery])).rows.map((row) => row.gid),
      );
      const appliedBeforeExit = await applied();
      const lost = answered.filter((i) => !appliedBeforeExit.has(gidOf(i)) && !queued.has(gidOf(i)));
      expect(lost).toEqual([]);
      expect(answered.length).toBeGreaterThanOrEqual(60);

      // The next start's workers apply what was stored but not yet applied.
      const restarted = buildTestApp(db, { LOG_LEVEL: "silent" });
      await processWebhookDeliveries(restarted.jobs);
      await restarted.close();
      const appliedAfterRestart = await applied();
      expect(answered.filter((i) => !appliedAfterRestart.has(gidOf(i)))).toEqual([]);
    } finally {
      await db.close();
    }
  }, 180_000);
});
