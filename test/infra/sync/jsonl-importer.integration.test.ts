import { spawn } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { DemoShopHistory } from "../../../app/domain/demo/demo-types";
import { generateDemoHistory } from "../../../app/domain/demo/generate-demo-history";
import { customersBulkJsonl, ordersBulkJsonl } from "../../../app/domain/demo/to-bulk-jsonl";
import { openDatabase, type Database } from "../../../app/infra/db/database";
import { upsertOrders } from "../../../app/infra/db/repositories/commerce-write-repository";
import { importBulkJsonl } from "../../../app/infra/sync/jsonl-importer";
import { ROOT } from "../../support/app-process";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";
import { DEMO_SHOP } from "../../support/shopify-signing";
import { buildTestApp } from "../../support/test-app";
import { ordersWithCustomer } from "../../support/commerce-queries";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/bulk");

/** JSONL text: one line per record, each ended by a newline. */
const jsonl = (lines: Iterable<string>) => [...lines].join("\n") + "\n";

/** The history's two bulk-operation results, customers and orders, as the backfill downloads them. */
function writeHistoryFiles(dir: string, history: DemoShopHistory) {
  const customersFile = path.join(dir, "customers.jsonl");
  const ordersFile = path.join(dir, "orders.jsonl");
  writeFileSync(customersFile, jsonl(customersBulkJsonl(history)));
  writeFileSync(ordersFile, jsonl(ordersBulkJsonl(history)));
  return { customersFile, ordersFile };
}

async function createShop(db: Database, domain: string): Promise<string> {
  const shop = await db.prisma.shop.create({ data: { domain, installedAt: new Date("2026-01-01T00:00:00Z") } });
  return shop.id;
}

async function createRun(db: Database, shopId: string, resource: "customers" | "orders", totalLines?: number): Promise<string> {
  return (await db.prisma.syncRun.create({ data: { shopId, resource, status: "importing", totalLines } })).id;
}

/** A shop's imported orders as comparable text (GIDs, money, customers, line items), independent of row ids. */
async function snapshot(db: Database, shopId: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ row: string }>(
    `SELECT concat_ws('|', o."shopifyGid", o.name, o."totalPrice"::text, o."subtotalPrice"::text, o."discountCodes"::text,
              o."placedAt"::text, o."cancelledAt"::text, c."shopifyGid", c.email,
              o."lineItems"::text, o."productGids"::text) AS row
     FROM "Order" o LEFT JOIN "Customer" c ON c.id = o."customerId" WHERE o."shopId" = $1 ORDER BY o."shopifyGid"`,
    [shopId],
  );
  const customers = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM "Customer" WHERE "shopId" = $1`, [shopId]);
  return [`customers=${customers.rows[0].n}`, ...rows.map((row) => row.row)];
}

function importFile(db: Database, shopId: string, syncRunId: string, file: string, batchSize?: number, writers?: number) {
  return importBulkJsonl({ pool: db.pool, shopId, syncRunId, open: () => createReadStream(file), batchSize, writers });
}

/** The GIDs of the orders on lines 1..`upToLine` of a bulk JSONL file. */
function orderGidsUpTo(file: string, upToLine: number): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .slice(0, upToLine)
    .filter((line) => line.length > 0)
    .map((line) => (JSON.parse(line) as { id: string }).id)
    .filter((id) => id.startsWith("gid://shopify/Order/"))
    .sort();
}

/** The GIDs of a shop's stored orders, sorted. */
async function storedOrderGids(db: Database, shopId: string): Promise<string[]> {
  return (await db.prisma.order.findMany({ where: { shopId }, select: { shopifyGid: true } })).map((order) => order.shopifyGid).sort();
}

/**
 * Makes inserting one order of one shop fail ("injected failure") until `remove` is called: a trigger named
 * `name` (unique per test, the database is shared by the file's tests).
 */
async function failOrderInsert(db: Database, name: string, shopId: string, orderGid: string) {
  await db.pool.query(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW."shopId" = '${shopId}' AND NEW."shopifyGid" = '${orderGid}' THEN RAISE EXCEPTION 'injected failure'; END IF;
       RETURN NEW;
     END $$`,
  );
  await db.pool.query(`CREATE TRIGGER ${name} BEFORE INSERT ON "Order" FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  return {
    remove: async () => {
      await db.pool.query(`DROP TRIGGER IF EXISTS ${name} ON "Order"`);
      await db.pool.query(`DROP FUNCTION IF EXISTS ${name}()`);
    },
  };
}

describe.each(databaseBackends())("bulk JSONL import on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("imports customers and orders, joins line items by __parentId, and counts and skips malformed lines", async () => {
    const shopId = await createShop(db, DEMO_SHOP);
    const warnings: object[] = [];
    const logger = { warn: (context: object) => warnings.push(context) };
    const customersRun = await createRun(db, shopId, "customers");
    const customers = await importBulkJsonl({
      pool: db.pool, shopId, syncRunId: customersRun, logger,
      open: () => createReadStream(path.join(FIXTURES, "customers-with-malformed.jsonl")),
    });
    expect(customers).toMatchObject({ customers: 4, orders: 0, malformed: 1 });
    const ordersRun = await createRun(db, shopId, "orders", 19);
    const orders = await importBulkJsonl({
      pool: db.pool, shopId, syncRunId: ordersRun, logger, batchSize: 2,
      open: () => createReadStream(path.join(FIXTURES, "orders-with-malformed.jsonl")),
    });
    // Malformed: customers line 3 (truncated); orders line 6 (not JSON), 9 (orphan line item), 10 (bad amount) and
    // 11-12 (that order's line items, orphaned with it).
    expect(orders).toMatchObject({ orders: 5, malformed: 5 });
    expect(warnings.map((warning) => (warning as { line: number }).line)).toEqual([3, 6, 9, 10, 11, 12]);
    // Logged by line number and reason only: never the line's content (it may hold PII).
    for (const warning of warnings) expect(Object.keys(warning as object).sort()).toEqual(["line", "reason", "syncRunId"]);
    expect(JSON.stringify(warnings)).not.toContain("Broken");
    expect(JSON.stringify(warnings)).not.toContain("gid://shopify/Customer/999");

    const stored = await ordersWithCustomer(db.prisma, { where: { shopId }, orderBy: { shopifyGid: "asc" } });
    expect(stored.map((order) => [order.shopifyGid.split("/").pop(), (order.lineItems as unknown[]).length, order.customer?.shopifyGid.split("/").pop() ?? null])).toEqual([
      ["1001", 2, "101"],
      ["1002", 1, "102"],
      ["1003", 1, null],
      ["1005", 1, "777"],
      ["1006", 3, "104"],
    ]);
    expect(stored[1].discountCodes).toEqual(["WELCOME10"]);
    expect(stored[4].cancelledAt?.toISOString()).toBe("2025-03-05T00:00:00.000Z");
    expect(stored[0].customer?.email).toBe("ada1@example.com");

    const run = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: ordersRun } });
    expect(run).toMatchObject({ committedLine: 19, linesRead: 19, ordersImported: 5, malformedLines: 5 });

    await db.prisma.syncRun.update({ where: { id: ordersRun }, data: { status: "succeeded" } });
    const status = await request(buildTestApp(db).app).get("/api/sync/status").expect(200);
    expect(status.body.runs).toEqual(
      expect.arrayContaining([expect.objectContaining({ resource: "orders", status: "succeeded", percent: 100, ordersImported: 5, malformedLines: 5 })]),
    );
  });

  it("resumes after a failure mid-import and ends equal to a clean import", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "encore-import-"));
    try {
      const history = generateDemoHistory({ seed: 5, now: new Date("2026-06-01T00:00:00Z"), customerCount: 60 });
      const { customersFile, ordersFile } = writeHistoryFiles(dir, history);

      const clean = await createShop(db, "clean.myshopify.com");
      await importFile(db, clean, await createRun(db, clean, "customers"), customersFile);
      await importFile(db, clean, await createRun(db, clean, "orders"), ordersFile, 7);

      const resumed = await createShop(db, "resumed.myshopify.com");
      await importFile(db, resumed, await createRun(db, resumed, "customers"), customersFile);
      const run = await createRun(db, resumed, "orders");
      let commits = 0;
      const crash = importBulkJsonl({
        pool: db.pool, shopId: resumed, syncRunId: run, batchSize: 7,
        open: () => createReadStream(ordersFile),
        onCommit: () => {
          if (++commits === 3) throw new Error("simulated crash");
        },
      });
      await expect(crash).rejects.toThrow("simulated crash");
      const partial = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: run } });
      expect(partial.ordersImported).toBe(21);
      await importFile(db, resumed, run, ordersFile, 7);
      expect(await snapshot(db, resumed)).toEqual(await snapshot(db, clean));
      const [cleanRun, resumedRun] = await Promise.all(
        [clean, resumed].map((shopId) => db.prisma.syncRun.findFirstOrThrow({ where: { shopId, resource: "orders" } })),
      );
      expect(resumedRun.ordersImported).toBe(history.orders.length);
      expect(resumedRun.ordersImported).toBe(cleanRun.ordersImported);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([1, 2])("with %i writer(s), a failing batch stops the import before it, and the resumed import equals a clean import", async (writers) => {
    const dir = mkdtempSync(path.join(tmpdir(), "encore-import-failure-"));
    let injected: { remove: () => Promise<void> } | undefined;
    try {
      const history = generateDemoHistory({ seed: 11, now: new Date("2026-06-01T00:00:00Z"), customerCount: 80 });
      const { customersFile, ordersFile } = writeHistoryFiles(dir, history);

      const clean = await createShop(db, `clean-${writers}.myshopify.com`);
      await importFile(db, clean, await createRun(db, clean, "customers"), customersFile, 7, writers);
      await importFile(db, clean, await createRun(db, clean, "orders"), ordersFile, 7, writers);

      const failing = await createShop(db, `failing-${writers}.myshopify.com`);
      await importFile(db, failing, await createRun(db, failing, "customers"), customersFile, 7, writers);
      // The 40th order's insert fails: its batch rolls back, and so must any later batch already in flight.
      const poison = history.orders[39].id;
      injected = await failOrderInsert(db, `encore_test_fail_${writers}`, failing, poison);
      const run = await createRun(db, failing, "orders");
      await expect(importFile(db, failing, run, ordersFile, 7, writers)).rejects.toThrow("injected failure");

      const stopped = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: run } });
      const committed = orderGidsUpTo(ordersFile, stopped.committedLine);
      expect(committed.length).toBeGreaterThan(0);
      expect(committed).not.toContain(poison);
      expect(await storedOrderGids(db, failing)).toEqual(committed);
      expect(stopped.ordersImported).toBe(committed.length);

      await injected.remove();
      await importFile(db, failing, run, ordersFile, 7, writers);
      expect(await snapshot(db, failing)).toEqual(await snapshot(db, clean));
      const resumed = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: run } });
      expect(resumed.ordersImported).toBe(history.orders.length);
    } finally {
      await injected?.remove();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stops reading when a write fails while the reader is held back (a file larger than the read-ahead)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "encore-import-large-failure-"));
    let injected: { remove: () => Promise<void> } | undefined;
    try {
      const history = generateDemoHistory({ seed: 19, now: new Date("2026-06-01T00:00:00Z"), customerCount: 4000 });
      const ordersFile = path.join(dir, "orders.jsonl");
      writeFileSync(ordersFile, jsonl(ordersBulkJsonl(history)));
      // Several times the importer's read-ahead (4 MiB), so reading waits for the writer when the write fails.
      expect(readFileSync(ordersFile).length).toBeGreaterThan(5 * 1024 * 1024);
      const shopId = await createShop(db, "large-failure.myshopify.com");
      const poison = history.orders[300].id;
      injected = await failOrderInsert(db, "encore_test_fail_large", shopId, poison);
      const run = await createRun(db, shopId, "orders");
      await expect(importFile(db, shopId, run, ordersFile, 50, 2)).rejects.toThrow("injected failure");
      const stopped = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: run } });
      expect(await storedOrderGids(db, shopId)).toEqual(orderGidsUpTo(ordersFile, stopped.committedLine));
    } finally {
      await injected?.remove();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("with two writers, a file mixing customers and orders (some orders before their customer) imports as with one", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "encore-import-mixed-"));
    try {
      const history = generateDemoHistory({ seed: 13, now: new Date("2026-06-01T00:00:00Z"), customerCount: 90 });
      const customers = [...customersBulkJsonl(history)];
      const orders = [...ordersBulkJsonl(history)];
      // Cut the orders at an order line, so the file stays a valid sequence of whole orders.
      let cut = Math.floor(orders.length / 3);
      while (orders[cut].includes('"__parentId"')) cut++;
      const mixedFile = path.join(dir, "mixed.jsonl");
      writeFileSync(mixedFile, jsonl([...orders.slice(0, cut), ...customers, ...orders.slice(cut)]));

      const shops: string[] = [];
      for (const writers of [1, 2]) {
        const shopId = await createShop(db, `mixed-${writers}.myshopify.com`);
        const progress = await importFile(db, shopId, await createRun(db, shopId, "orders"), mixedFile, 7, writers);
        expect(progress.orders).toBe(history.orders.length);
        shops.push(shopId);
      }
      expect(await snapshot(db, shops[1])).toEqual(await snapshot(db, shops[0]));
      // Every customer once: the early orders' stubs were filled in by the customer lines, not duplicated.
      expect(await db.prisma.customer.count({ where: { shopId: shops[1] } })).toBe(history.customers.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails cleanly when the file cannot be opened, or the download breaks mid-file; the resume completes it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "encore-import-broken-"));
    try {
      const history = generateDemoHistory({ seed: 17, now: new Date("2026-06-01T00:00:00Z"), customerCount: 60 });
      const ordersFile = path.join(dir, "orders.jsonl");
      const text = jsonl(ordersBulkJsonl(history));
      writeFileSync(ordersFile, text);
      const shopId = await createShop(db, "broken-download.myshopify.com");
      const run = await createRun(db, shopId, "orders");

      await expect(importBulkJsonl({ pool: db.pool, shopId, syncRunId: run, open: () => Promise.reject(new Error("result URL expired")) })).rejects.toThrow("result URL expired");

      // Half the bytes arrive, then the connection drops.
      const broken = () =>
        Readable.from(
          (async function* () {
            yield Buffer.from(text.slice(0, Math.floor(text.length / 2)));
            await new Promise((resolve) => setTimeout(resolve, 20));
            throw new Error("socket hang up");
          })(),
        );
      await expect(importBulkJsonl({ pool: db.pool, shopId, syncRunId: run, open: broken, batchSize: 7, writers: 2 })).rejects.toThrow("socket hang up");
      const stopped = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: run } });
      expect(await storedOrderGids(db, shopId)).toEqual(orderGidsUpTo(ordersFile, stopped.committedLine));

      await importFile(db, shopId, run, ordersFile, 7, 2);
      expect((await db.prisma.syncRun.findUniqueOrThrow({ where: { id: run } })).ordersImported).toBe(history.orders.length);
      expect(await db.prisma.order.count({ where: { shopId } })).toBe(history.orders.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refreshes the planner's statistics of the tables it wrote, so the first queries over a new history plan for its size", async () => {
    const estimated = async (table: string) =>
      Number((await db.pool.query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE oid = $1::regclass`, [`"${table}"`])).rows[0].reltuples);
    const shopId = await createShop(db, "statistics.myshopify.com");
    await importFile(db, shopId, await createRun(db, shopId, "customers"), path.join(FIXTURES, "customers-with-malformed.jsonl"));
    expect(await estimated("Customer")).toBe(await db.prisma.customer.count());
    await importFile(db, shopId, await createRun(db, shopId, "orders"), path.join(FIXTURES, "orders-with-malformed.jsonl"));
    expect(await estimated("Order")).toBe(await db.prisma.order.count());
  });

  it("stores discount codes and product ids exactly, whatever characters they hold", async () => {
    const shopId = await createShop(db, "odd-codes.myshopify.com");
    // Bare where array syntax allows (WELCOME10, the GID-like one), quoted otherwise: NULL in any case, white
    // space at either end or inside, braces, commas, quotes, backslashes, non-ASCII, the empty string.
    const codes = ["a b", 'q"x', "back\\slash", "NULL", "null", "Null", "{}", "a{b", "x}", ",", "Ünï€ødé", "", " lead", "trail ", "tab\there", "WELCOME10", "gid://shop.x/#1@a+b-c_d"];
    const item = (product: string) => ({ shopifyGid: `gid://shopify/LineItem/${product.length}`, productGid: product, variantGid: null, title: "t", quantity: 1, unitPrice: "1.00" });
    await upsertOrders(db.pool, shopId, [{
      shopifyGid: "gid://shopify/Order/77", name: "#77", customerGid: null, currency: "EUR", totalPrice: "1.00", subtotalPrice: "1.00",
      totalDiscounts: "0", discountCodes: codes, placedAt: new Date("2026-01-01T00:00:00Z"), processedAt: null, cancelledAt: null,
      shopifyUpdatedAt: null, lineItems: [item('gid://shopify/Product/1"'), item("gid://shopify/Product/\\2"), item("gid://shopify/Product/345")],
    }]);
    const stored = await db.prisma.order.findFirstOrThrow({ where: { shopId } });
    expect(stored.discountCodes).toEqual(codes);
    expect(stored.productGids).toEqual(['gid://shopify/Product/1"', "gid://shopify/Product/\\2", "gid://shopify/Product/345"]);
  });

  it("answers how many orders it wrote: a copy with an older updatedAt writes nothing", async () => {
    const shopId = await createShop(db, "written-count.myshopify.com");
    const order = (updated: string, total: string) => ({
      shopifyGid: "gid://shopify/Order/88", name: "#88", customerGid: null, currency: "EUR", totalPrice: total, subtotalPrice: total,
      totalDiscounts: "0", discountCodes: [], placedAt: new Date("2026-01-01T00:00:00Z"), processedAt: null, cancelledAt: null,
      shopifyUpdatedAt: new Date(updated), lineItems: [],
    });
    expect(await upsertOrders(db.pool, shopId, [order("2026-01-02T00:00:00Z", "10.00")])).toBe(1);
    expect(await upsertOrders(db.pool, shopId, [order("2026-01-03T00:00:00Z", "12.00")])).toBe(1);
    expect(await upsertOrders(db.pool, shopId, [order("2026-01-02T12:00:00Z", "11.00")])).toBe(0);
    expect((await db.prisma.order.findFirstOrThrow({ where: { shopId } })).totalPrice.toFixed(2)).toBe("12.00");
  });

  it("refuses to write orders for a shop that no longer exists (what Order's foreign key to Shop did)", async () => {
    const shopId = await createShop(db, "gone.myshopify.com");
    await db.pool.query(`DELETE FROM "Shop" WHERE id = $1`, [shopId]);
    const order = {
      shopifyGid: "gid://shopify/Order/1", name: "#1", customerGid: "gid://shopify/Customer/1", currency: "EUR",
      totalPrice: "10.00", subtotalPrice: "10.00", totalDiscounts: "0", discountCodes: [], placedAt: new Date("2026-01-01T00:00:00Z"),
      processedAt: null, cancelledAt: null, shopifyUpdatedAt: null, lineItems: [],
    };
    await expect(upsertOrders(db.pool, shopId, [order])).rejects.toThrow("no longer exists");
    expect(await db.prisma.order.count({ where: { shopId } })).toBe(0);
  });

  it("keeps every order's customer in the order's own shop (the shops above share customer GIDs)", async () => {
    const { rows } = await db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM "Order" o
       WHERE o."customerId" IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM "Customer" c WHERE c.id = o."customerId" AND c."shopId" = o."shopId")`,
    );
    expect(Number(rows[0].n)).toBe(0);
    expect(await db.prisma.order.count({ where: { customerId: { not: null } } })).toBeGreaterThan(100);
  });

  it("survives SIGKILL of the importing process: the restarted import equals a clean import", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "encore-sigkill-"));
    const pgliteDir = path.join(dir, "pglite");
    const template = backend === "pglite" ? inject("pgliteTemplate") : undefined;
    const url = backend === "pglite" ? `pglite:${pgliteDir}` : db.url!;
    // PGlite: the test process must not hold the directory while the child writes it.
    const openShared = async () => (backend === "pglite" ? await openDatabase({ url, poolSize: 2 }) : db);
    const closeShared = async (shared: Database) => (shared === db ? undefined : shared.close());
    try {
      const history = generateDemoHistory({ seed: 9, now: new Date("2026-06-01T00:00:00Z"), customerCount: 400 });
      const ordersFile = path.join(dir, "orders.jsonl");
      writeFileSync(ordersFile, jsonl(ordersBulkJsonl(history)));

      let shared = backend === "pglite" ? await openDatabase({ url, poolSize: 2, embeddedTemplate: new Blob([readFileSync(template!)]) }) : db;
      const killedShop = await createShop(shared, "killed.myshopify.com");
      const run = await createRun(shared, killedShop, "orders");
      await closeShared(shared);

      const first = await runChild([url, killedShop, run, ordersFile, "20"], { killAfterCommits: 3 });
      expect(first.signal).toBe("SIGKILL");
      const second = await runChild([url, killedShop, run, ordersFile, "20"], {});
      expect(second.code).toBe(0);
      expect(second.output).toContain("done");

      shared = await openShared();
      try {
        const cleanShop = await createShop(shared, "clean-kill.myshopify.com");
        await importFile(shared, cleanShop, await createRun(shared, cleanShop, "orders"), ordersFile, 20);
        const killedRun = await shared.prisma.syncRun.findUniqueOrThrow({ where: { id: run } });
        expect(killedRun.ordersImported).toBe(history.orders.length);
        expect(await snapshot(shared, killedShop)).toEqual(await snapshot(shared, cleanShop));
      } finally {
        await closeShared(shared);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function runChild(args: string[], options: { killAfterCommits?: number }): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/bulk-import-child.ts", ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let commits = 0;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`import child timed out:\n${output}`));
    }, 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      commits = (output.match(/^committed /gm) ?? []).length;
      if (options.killAfterCommits && commits >= options.killAfterCommits && child.exitCode === null) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (options.killAfterCommits && output.includes("done")) reject(new Error("the import finished before it could be killed"));
      resolve({ code, signal, output });
    });
  });
}
