import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../app/infra/db/database";
import { startAppProcess, type AppProcess } from "../support/app-process";
import { createPostgresDatabase, databaseBackends } from "../support/database-backends";
import { webhookHeaders } from "../support/shopify-signing";
import { readFileSync } from "node:fs";

const ORDER = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../fixtures/webhooks/orders-create.json"), "utf8"));
const orderNumber = (i: number) => ORDER.id + 10_000 + i;

/**
 * SIGTERM to `npm start` in the middle of a webhook burst: the process stops accepting, answers what it took,
 * stops claiming jobs, closes the database and exits 0 within 10 s; every delivery answered 200 is stored.
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
      const { rows } = await db.pool.query<{ gid: string }>(`SELECT "shopifyGid" AS gid FROM "Order" WHERE name LIKE '#S%'`);
      const stored = new Set(rows.map((row) => row.gid));
      const lost = answered.filter((i) => !stored.has(`gid://shopify/Order/${orderNumber(i)}`));
      expect(lost).toEqual([]);
      expect(answered.length).toBeGreaterThanOrEqual(60);
    } finally {
      await db.close();
    }
  }, 180_000);
});
