/**
 * Bulk-import benchmark (not a test): `npm run bench:import [-- --orders N --only pglite|postgres --data DIR --writers N --repeat N]`.
 *
 * Writes a bulk-operation JSONL result for N orders (default 1,000,000; 1–3 line items each, one customer per
 * five orders, customers in their own file as the backfill downloads them), then imports both files through the
 * production importer (app/infra/sync/jsonl-importer.ts) into
 *  - PGlite: a fresh data directory (the embedded default), and
 *  - PostgreSQL: a fresh database on BENCH_DATABASE_URL or TEST_DATABASE_URL, when one is set,
 * and reports lines/s and orders/s for each.
 */
import { closeSync, createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { openDatabase, type Database } from "../app/infra/db/database";
import { importBulkJsonl, importWritersFor } from "../app/infra/sync/jsonl-importer";

const args = new Map<string, string>();
for (let index = 2; index < process.argv.length; index += 2) args.set(process.argv[index].replace(/^--/, ""), process.argv[index + 1]);
const ORDERS = Number(args.get("orders") ?? 1_000_000);
const ONLY = args.get("only");
/** Transactions side by side (default: what the app uses for the database, see importWritersFor). */
const WRITERS = args.has("writers") ? Number(args.get("writers")) : undefined;
const CUSTOMERS = Math.max(1, Math.floor(ORDERS / 5));
/** Imports into a fresh database this many times (the host's run-to-run noise is large; report each run). */
const REPEAT = Number(args.get("repeat") ?? 1);
const START = Date.parse("2024-01-01T00:00:00Z");

/** A tiny deterministic PRNG (mulberry32): the bench data is the same on every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function writeLines(file: string, emit: (push: (line: string) => void) => void): number {
  const fd = openSync(file, "w");
  let buffer: string[] = [];
  let count = 0;
  emit((line) => {
    buffer.push(line);
    count++;
    if (buffer.length === 20_000) {
      writeSync(fd, buffer.join("\n") + "\n");
      buffer = [];
    }
  });
  if (buffer.length > 0) writeSync(fd, buffer.join("\n") + "\n");
  closeSync(fd);
  return count;
}

const money = (cents: number) => ({ shopMoney: { amount: (cents / 100).toFixed(2), currencyCode: "USD" } });

function generate(dir: string) {
  mkdirSync(dir, { recursive: true });
  const random = prng(42);
  const customersFile = path.join(dir, "customers.jsonl");
  const ordersFile = path.join(dir, "orders.jsonl");
  const customerLines = writeLines(customersFile, (push) => {
    for (let index = 0; index < CUSTOMERS; index++) {
      const created = new Date(START + index * 60_000).toISOString();
      push(JSON.stringify({
        id: `gid://shopify/Customer/${1_000_000 + index}`, firstName: `First${index}`, lastName: `Last${index}`,
        email: `customer${index}@example.com`, phone: null, createdAt: created, updatedAt: created, numberOfOrders: "5",
        defaultAddress: { city: "Springfield", countryCodeV2: "US" },
      }));
    }
  });
  let lineItemId = 5_000_000;
  const orderLines = writeLines(ordersFile, (push) => {
    for (let index = 0; index < ORDERS; index++) {
      const id = `gid://shopify/Order/${2_000_000 + index}`;
      const created = new Date(START + index * 30_000).toISOString();
      const items = 1 + Math.floor(random() * 3);
      const prices = Array.from({ length: items }, () => 500 + Math.floor(random() * 5000));
      const subtotal = prices.reduce((sum, cents) => sum + cents, 0);
      push(JSON.stringify({
        id, name: `#${1001 + index}`, createdAt: created, processedAt: created, updatedAt: created, cancelledAt: null,
        currencyCode: "USD", discountCodes: index % 10 === 0 ? ["WELCOME10"] : [], totalPriceSet: money(subtotal + 500),
        subtotalPriceSet: money(subtotal), totalDiscountsSet: money(0), totalShippingPriceSet: money(500),
        customer: index % 12 === 0 ? null : { id: `gid://shopify/Customer/${1_000_000 + Math.floor(random() * CUSTOMERS)}` },
      }));
      for (const cents of prices) {
        const product = Math.floor(random() * 50);
        push(JSON.stringify({
          id: `gid://shopify/LineItem/${lineItemId++}`, title: `Product ${product}`, quantity: 1,
          product: { id: `gid://shopify/Product/${product}` }, variant: { id: `gid://shopify/ProductVariant/${product}` },
          originalUnitPriceSet: money(cents), __parentId: id,
        }));
      }
    }
  });
  if (keep) writeFileSync(path.join(dir, "lines"), String(customerLines + orderLines));
  return { customersFile, ordersFile, lines: customerLines + orderLines };
}

function reuse(dir: string) {
  return { customersFile: path.join(dir, "customers.jsonl"), ordersFile: path.join(dir, "orders.jsonl"), lines: Number(readFileSync(path.join(dir, "lines"), "utf8")) };
}

/** CPU seconds used so far by the server processes of this database's pool (Linux /proc; the server is local). */
async function serverCpuSeconds(db: Database): Promise<number> {
  const { rows } = await db.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
  let total = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // A backend that has exited (or a server on another machine) is not counted.
    }
  }
  return total;
}

/** Checkpoints the server has run so far (each one makes the next write of every page log the whole page). */
async function checkpoints(db: Database): Promise<number> {
  // PostgreSQL 17 moved the counters to pg_stat_checkpointer.
  const sql = (await db.pool.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`)).rows[0].v >= 170000
    ? `SELECT (num_timed + num_requested)::int AS n FROM pg_stat_checkpointer`
    : `SELECT (checkpoints_timed + checkpoints_req)::int AS n FROM pg_stat_bgwriter`;
  return (await db.pool.query<{ n: number }>(sql)).rows[0].n;
}

async function importInto(db: Database, files: { customersFile: string; ordersFile: string; lines: number }) {
  const shopId = (await db.pool.query<{ id: string }>(
    `INSERT INTO "Shop" (id, domain, currency, "installedAt", "createdAt", "updatedAt")
     VALUES (gen_random_uuid()::text, 'bench.myshopify.com', 'USD', now(), now(), now()) RETURNING id`,
  )).rows[0].id;
  // Every run starts from a clean server: dirty pages of an earlier run are written out now, not during this one.
  if (db.kind === "postgres") await db.pool.query("CHECKPOINT").catch(() => console.log("CHECKPOINT not allowed: runs may include an earlier run's writes"));
  const checkpointsStarted = db.kind === "postgres" ? await checkpoints(db) : 0;
  const serverCpuStarted = db.kind === "postgres" ? await serverCpuSeconds(db) : 0;
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  let orders = 0;
  const phases: Record<string, number> = {};
  for (const [resource, file] of [["customers", files.customersFile], ["orders", files.ordersFile]] as const) {
    const run = (await db.pool.query<{ id: string }>(
      `INSERT INTO "SyncRun" (id, "shopId", resource, status) VALUES (gen_random_uuid()::text, $1, $2, 'importing') RETURNING id`,
      [shopId, resource],
    )).rows[0].id;
    const result = await importBulkJsonl({ pool: db.pool, shopId, syncRunId: run, open: () => createReadStream(file), writers: WRITERS ?? importWritersFor(db) });
    orders += result.orders;
    phases[`${resource} s`] = Number(((performance.now() - started) / 1000 - Object.values(phases).reduce((a, b) => a + b, 0)).toFixed(1));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const serverCpu = db.kind === "postgres" ? (await serverCpuSeconds(db)) - serverCpuStarted : null;
  const stored = Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM "Order"`)).rows[0].n);
  if (stored !== ORDERS || orders !== ORDERS) throw new Error(`expected ${ORDERS} orders, imported ${orders}, stored ${stored}`);
  const cpuSeconds = {
    "node CPU s": Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
    ...(serverCpu === null ? {} : { "server CPU s": Number(serverCpu.toFixed(1)), checkpoints: (await checkpoints(db)) - checkpointsStarted }),
  };
  return { ...phases, ...cpuSeconds, seconds, ordersPerSecond: Math.round(ORDERS / seconds), linesPerSecond: Math.round(files.lines / seconds) };
}

// --data DIR keeps the generated files there and reuses them on the next run with the same --orders.
const keep = args.get("data");
const dir = keep ? path.resolve(keep, String(ORDERS)) : mkdtempSync(path.join(tmpdir(), "encore-bench-import-"));
try {
  let started = performance.now();
  const files = keep && existsSync(path.join(dir, "lines")) ? reuse(dir) : generate(dir);
  const megabytes = (statSync(files.customersFile).size + statSync(files.ordersFile).size) / 1e6;
  console.log(`generated ${ORDERS.toLocaleString()} orders, ${CUSTOMERS.toLocaleString()} customers, ${files.lines.toLocaleString()} lines (${megabytes.toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const results: Record<string, unknown>[] = [];
  if (ONLY !== "postgres") {
    for (let run = 0; run < REPEAT; run++) {
      rmSync(path.join(dir, "pglite"), { recursive: true, force: true });
      const db = await openDatabase({ url: `pglite:${path.join(dir, "pglite")}`, poolSize: 4 });
      try {
        await db.migrate();
        results.push({ database: "PGlite", ...(await importInto(db, files)) });
      } finally {
        await db.close();
      }
    }
  }
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  for (let run = 0; run < REPEAT && ONLY !== "pglite" && serverUrl; run++) {
    const name = `encore_bench_${process.pid}_${run}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const db = await openDatabase({ url: url.toString(), poolSize: 4 });
    try {
      await db.migrate();
      results.push({ database: "PostgreSQL", ...(await importInto(db, files)) });
    } finally {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  if (ONLY !== "pglite" && !serverUrl) {
    console.log("PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a server URL");
  }
  started = performance.now();
  console.table(results.map((row) => ({ ...row, seconds: Number((row.seconds as number).toFixed(1)) })));
} finally {
  if (keep) rmSync(path.join(dir, "pglite"), { recursive: true, force: true });
  else rmSync(dir, { recursive: true, force: true });
}
