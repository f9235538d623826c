import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

describe.each(databaseBackends())("pooled sessions on %s", (backend) => {
  let db: TestDatabase;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  beforeAll(async () => {
    // Listening before the database opens: pg warns once per process, on the first offending checkout.
    process.on("warning", onWarning);
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    process.off("warning", onWarning);
    await db?.close();
  });

  it("speak UTC from their first query, set before the client is handed out (no query queued behind the pool's own)", async () => {
    // Concurrent checkouts connect new clients; the first query of each must already see UTC.
    const zones = await Promise.all([1, 2, 3, 4].map(async () => (await db.pool.query<{ TimeZone: string }>("SHOW TIME ZONE")).rows[0].TimeZone));
    expect(zones).toEqual(["UTC", "UTC", "UTC", "UTC"]);
    // Let a warning emitted during the checkouts reach the listener.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((message) => message.includes("already executing a query"))).toEqual([]);
  });
});
