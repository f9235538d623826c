/**
 * The scoring job end to end (app/infra/scoring/score-shop.ts `scoreShop`): read the shop's orders from the
 * database, fit + backtest the models, score, write every score row in one transaction. Not a test: prints
 * numbers.
 *
 *   npm run bench:scoring-job [-- --postgres URL] [--runs N] [--only pglite|postgres]
 *     The demo shop (~5,000 customers, two years) on PGlite, and on PostgreSQL with --postgres (or
 *     BENCH_DATABASE_URL) in a fresh database dropped afterwards.
 *   npm run bench:scoring-job -- --customers 1000000 --orders 3000000 --only postgres [--runs 2] [--keep]
 *     A large synthetic shop (buyers following the BG/NBD story, see buildLargeShop), built with set-based
 *     SQL (generate_series, no rows through Node) in database `encore_bench_scoring_job` on --postgres /
 *     BENCH_DATABASE_URL / TEST_DATABASE_URL's server (default 127.0.0.1:5432), or in a temporary PGlite
 *     directory. The database is dropped at the end unless `--keep`, which also reuses it when it holds the
 *     same shop (building 3M orders takes a few minutes).
 *     Target: ≤ 60 s end to end at 1M customers / 3M orders.
 *
 * From the second run on (or on a kept database) the run replaces an existing score set: a second connection
 * counts the shop's CustomerScore rows (count, min and max scoredAt) all through the save and every
 * observation must be the whole old set or the whole new set (score-repository.ts's saveScoreSet: a small shop's set
 * is replaced in place in one transaction; from 50,000 customers it is built in a table beside the live one and
 * swapped in as the shop's partition of CustomerScore in that transaction's last moments).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase, type Database } from "../app/infra/db/database";
import { seedDemoShop } from "../app/infra/demo/seed-demo-shop";
import { scoreShop } from "../app/infra/scoring/score-shop";
import { withAdminClient as admin, withDatabaseName } from "../test/support/database-backends";

const { values } = parseArgs({
  options: {
    postgres: { type: "string" },
    runs: { type: "string" },
    only: { type: "string" },
    customers: { type: "string" },
    orders: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const DEMO_SHOP = "encore-demo.myshopify.com";
const LARGE_SHOP = "bench-scoring.myshopify.com";
const NOW = new Date("2026-11-01T00:00:00Z");
const HOUR = 3_600_000;
const LARGE = values.customers !== undefined || values.orders !== undefined;
const CUSTOMERS = Number(values.customers ?? 1_000_000);
const ORDERS = Number(values.orders ?? 3 * CUSTOMERS);
const RUNS = Number(values.runs ?? (LARGE ? 2 : 3));
const SERVER_URL = values.postgres ?? process.env.BENCH_DATABASE_URL ?? (LARGE ? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test" : undefined);
const LARGE_DB = "encore_bench_scoring_job";
const TARGET_MS = 60_000;

if (LARGE && !(ORDERS >= CUSTOMERS)) throw new Error("--orders must be at least --customers (every customer has a first order)");

/**
 * Builds the large shop with set-based SQL, deterministic (hashes of row numbers, no random()), following the
 * BG/NBD story with bench/scoring.ts's parameters (r 0.75, α 90, a 0.8, b 2.5; time in days): each customer's
 * first order is uniform over the two years, λ ~ Gamma(r, α) (scaled so the shop has the orders asked for),
 * p ~ Beta(a, b), repeat orders a Poisson process at rate λ, dropping out after each with probability p. The
 * repeat orders beyond --orders are thinned at random. Gamma draws: Wilson–Hilferty on a Box–Muller normal
 * (shape < 1 boosted by U^(1/shape)): close enough for a benchmark's data, not for parameter recovery.
 */
async function buildLargeShop(db: Database): Promise<void> {
  const client = await db.pool.connect();
  try {
    const step = async <T extends pg.QueryResultRow>(label: string, sql: string, params: unknown[] = []) => {
      const started = performance.now();
      const result = await client.query<T>(sql, params);
      console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return result;
    };
    await client.query(`CREATE FUNCTION pg_temp.bench_u(n bigint) RETURNS float8 LANGUAGE sql IMMUTABLE AS
      $$ SELECT (hashint8(n)::float8 + 2147483648.5) / 4294967296 $$`);
    await client.query(`CREATE FUNCTION pg_temp.bench_gamma(shape float8, n bigint) RETURNS float8 LANGUAGE sql IMMUTABLE AS
      $$ SELECT greatest(k * power(greatest(1 - 1 / (9 * k) + z * sqrt(1 / (9 * k)), 0), 3), 1e-6 * k)
                * CASE WHEN shape < 1 THEN power(pg_temp.bench_u(n * 4 + 3), 1 / shape) ELSE 1 END
         FROM (SELECT CASE WHEN shape < 1 THEN shape + 1 ELSE shape END AS k,
                      sqrt(-2 * ln(pg_temp.bench_u(n * 4 + 1))) * cos(2 * pi() * pg_temp.bench_u(n * 4 + 2)) AS z) AS g $$`);
    await step("shop", `INSERT INTO "Shop" (id, domain, currency, plan, "updatedAt") VALUES ('bench-scoring-shop', $1, 'USD', 'bench', now())`, [LARGE_SHOP]);
    await step(
      `${CUSTOMERS.toLocaleString("en-US")} customers`,
      `INSERT INTO "Customer" (id, "shopId", "shopifyGid", "updatedAt")
       SELECT 'c' || lpad(i::text, 8, '0'), 'bench-scoring-shop', 'gid://shopify/Customer/' || i, now()
       FROM generate_series(1, $1::int) AS i`,
      [CUSTOMERS],
    );
    const start = new Date(NOW.getTime() - 730 * 24 * HOUR);
    await step(
      "customer parameters",
      `CREATE TEMP TABLE bench_customer AS
       SELECT i, first_at, extract(epoch FROM $2::timestamp - first_at) / 86400 AS t_days,
              pg_temp.bench_gamma(0.75, i * 8 + 1) / 90 AS lambda, g1 / (g1 + g2) AS p,
              20 + 100 * pg_temp.bench_u(i * 8 + 4) AS mean_value
       FROM generate_series(1, $3::int) AS i,
            LATERAL (SELECT $1::timestamp + ($2::timestamp - $1::timestamp) * pg_temp.bench_u(i * 8) AS first_at,
                            pg_temp.bench_gamma(0.8, i * 8 + 2) AS g1, pg_temp.bench_gamma(2.5, i * 8 + 3) AS g2) AS d`,
      [start, NOW, CUSTOMERS],
    );
    await step(
      `${CUSTOMERS.toLocaleString("en-US")} first orders`,
      `INSERT INTO "Order" (id, "shopId", "shopifyGid", name, "customerId", currency, "totalPrice", "subtotalPrice", "placedAt", "processedAt", "updatedAt")
       SELECT 'o' || lpad(i::text, 9, '0'), 'bench-scoring-shop', 'gid://shopify/Order/' || i, '#' || i, 'c' || lpad(i::text, 8, '0'), 'USD',
              amount, amount, first_at, first_at, now()
       FROM bench_customer, LATERAL (SELECT round((mean_value * (0.5 + pg_temp.bench_u(i * 8 + 5)))::numeric, 2) AS amount) AS a`,
    );
    // The story's repeat orders at rate λ·scale; 1.74 repeats per customer at scale 1 (bench/scoring.ts's ~2.74
    // orders per customer), more asked for → a higher scale, then thinned to the exact count.
    const wanted = ORDERS - CUSTOMERS;
    let scale = Math.max(1, (1.15 * wanted) / CUSTOMERS / 1.74);
    for (let attempt = 1; ; attempt++) {
      await client.query(`DROP TABLE IF EXISTS bench_repeat`);
      const made = await step(
        `repeat orders at rate ×${scale.toFixed(2)}`,
        `CREATE TEMP TABLE bench_repeat AS
         SELECT i, k, first_at + make_interval(secs => t * 86400) AS placed_at, mean_value FROM (
           SELECT c.i, k, c.first_at, c.mean_value, c.t_days,
                  sum(-ln(pg_temp.bench_u(c.i * 1024 + k)) / (c.lambda * $1)) OVER (PARTITION BY c.i ORDER BY k) AS t
           FROM bench_customer c,
                -- Purchases while alive (dropout after each with probability p), at most a Poisson tail beyond λT.
                LATERAL (SELECT least(1 + floor(ln(pg_temp.bench_u(c.i * 8 + 6)) / ln(1 - least(c.p, 0.999999)))::bigint,
                                      ceil(c.lambda * $1 * c.t_days + 4 * sqrt(c.lambda * $1 * c.t_days) + 3)::bigint, 1000) AS kmax) AS m,
                generate_series(1, m.kmax) AS k
         ) AS candidates WHERE t < t_days`,
        [scale],
      );
      const candidates = made.rowCount ?? 0;
      if (candidates >= wanted) break;
      if (attempt === 4) throw new Error(`the story made ${candidates} repeat orders, ${wanted} wanted`);
      scale *= (1.2 * wanted) / Math.max(candidates, 1);
    }
    await step(
      `${wanted.toLocaleString("en-US")} repeat orders`,
      `INSERT INTO "Order" (id, "shopId", "shopifyGid", name, "customerId", currency, "totalPrice", "subtotalPrice", "placedAt", "processedAt", "updatedAt")
       SELECT 'o' || lpad(j::text, 9, '0'), 'bench-scoring-shop', 'gid://shopify/Order/' || j, '#' || j, 'c' || lpad(i::text, 8, '0'), 'USD',
              amount, amount, placed_at, placed_at, now()
       FROM (SELECT i, placed_at, mean_value, $1::int + row_number() OVER (ORDER BY placed_at, i, k) AS j, k
             FROM (SELECT * FROM bench_repeat ORDER BY hashint8(i * 1024 + k + 7), i, k LIMIT $2) AS kept) AS r,
            LATERAL (SELECT round((mean_value * (0.5 + pg_temp.bench_u(i * 1024 + k + 512)))::numeric, 2) AS amount) AS a`,
      [CUSTOMERS, wanted],
    );
    await client.query(`DROP TABLE bench_repeat; DROP TABLE bench_customer`);
    // A shop imported a while ago has been vacuumed and analysed by autovacuum.
    await step("vacuum analyze", `VACUUM (ANALYZE) "Customer", "Order"`);
  } finally {
    client.release();
  }
}

interface ScoreSetObservation {
  atMs: number;
  rows: number;
  oldest: number | null;
  newest: number | null;
}

/** The shop's score set as a reader on another connection sees it. */
async function observe(client: Pick<pg.Pool, "query">, shopId: string, since: number): Promise<ScoreSetObservation> {
  const { rows } = await client.query<{ rows: string; oldest: Date | null; newest: Date | null }>(
    `SELECT count(*) AS rows, min("scoredAt") AS oldest, max("scoredAt") AS newest FROM "CustomerScore" WHERE "shopId" = $1`,
    [shopId],
  );
  return { atMs: performance.now() - since, rows: Number(rows[0].rows), oldest: rows[0].oldest?.getTime() ?? null, newest: rows[0].newest?.getTime() ?? null };
}

/** A reader that counts the score set over and over from the moment the run starts saving until stopped. */
function concurrentReader(connect: () => Promise<pg.ClientBase & { release?: () => void; end?: () => Promise<void> }>, shopId: string) {
  const observations: ScoreSetObservation[] = [];
  let stopping = false;
  let started: Promise<void> | null = null;
  let since = 0;
  return {
    observations,
    start() {
      if (started) return;
      since = performance.now();
      started = (async () => {
        const client = await connect();
        try {
          // Keeps reading until stop(), plus once after it (the set the run left).
          for (let last = false; !last; ) {
            last = stopping;
            observations.push(await observe(client, shopId, since));
            // Each count of a million rows costs the server a core for a while: a pause keeps the reader
            // from slowing the save it watches (2-core dev machine).
            if (!last) await new Promise((resolve) => setTimeout(resolve, 500));
          }
        } finally {
          if (client.release) client.release();
          else await client.end?.();
        }
      })();
    },
    async stop() {
      stopping = true;
      await started;
    },
  };
}

const iso = (ms: number | null) => (ms === null ? "—" : new Date(ms).toISOString().replace(".000Z", "Z"));

/** Groups consecutive identical observations and checks each is the whole old or the whole new set. */
function reportObservations(observations: ScoreSetObservation[], before: ScoreSetObservation, after: { rows: number; scoredAt: number }): boolean {
  const isOld = (o: ScoreSetObservation) => o.rows === before.rows && o.oldest === before.oldest && o.newest === before.newest;
  const isNew = (o: ScoreSetObservation) => o.rows === after.rows && o.oldest === after.scoredAt && o.newest === after.scoredAt;
  let torn = 0;
  const groups: { kind: string; rows: number; oldest: number | null; newest: number | null; count: number; from: number; to: number }[] = [];
  for (const o of observations) {
    const kind = isOld(o) ? "old set" : isNew(o) ? "new set" : "HALF-WRITTEN";
    if (kind === "HALF-WRITTEN") torn++;
    const last = groups.at(-1);
    if (last && last.kind === kind && last.rows === o.rows && last.newest === o.newest) {
      last.count++;
      last.to = o.atMs;
    } else {
      groups.push({ kind, rows: o.rows, oldest: o.oldest, newest: o.newest, count: 1, from: o.atMs, to: o.atMs });
    }
  }
  console.log(`  concurrent reader: ${observations.length} observations from the start of the save (t = 0) to after the commit`);
  for (const g of groups) {
    const scoredAt = g.oldest === g.newest ? iso(g.newest) : `${iso(g.oldest)}…${iso(g.newest)}`;
    console.log(`    ${g.kind.padEnd(12)} ${String(g.rows).padStart(9)} rows, scoredAt ${scoredAt}: ${g.count} × (t = ${(g.from / 1000).toFixed(1)}–${(g.to / 1000).toFixed(1)} s)`);
  }
  console.log(`  readers never saw a half-written score set: ${torn === 0 ? "yes" : `NO (${torn} torn observations)`}`);
  return torn === 0;
}

async function bench(label: string, db: Database, shopDomain: string, connectReader: () => Promise<pg.ClientBase & { release?: () => void; end?: () => Promise<void> }>) {
  const shopId = (await db.pool.query<{ id: string }>(`SELECT id FROM "Shop" WHERE domain = $1`, [shopDomain])).rows[0].id;
  const results: { total: number; ok: boolean }[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const before = await observe(db.pool, shopId, 0);
    // Each run an hour after the set it replaces (a kept database has one from an earlier run), so the two
    // sets are told apart by scoredAt.
    const now = new Date(Math.max(NOW.getTime() + (run - 1) * HOUR, (before.newest ?? 0) + HOUR));
    const reader = concurrentReader(connectReader, shopId);
    const started = performance.now();
    let report;
    try {
      report = await scoreShop(db, { shopDomain, now, trigger: "manual", onProgress: (p) => p.phase === "saving" && reader.start() });
    } finally {
      await reader.stop();
    }
    const total = performance.now() - started;
    const t = report.timings;
    console.log(
      `${label} run ${run}: ${report.customers.toLocaleString("en-US")} customers, ${report.orders.toLocaleString("en-US")} orders, model ${report.model}: ` +
        `read ${t.readMs.toFixed(0)} ms, fit+backtest ${t.fitMs.toFixed(0)} ms, score ${t.scoreMs.toFixed(0)} ms, ` +
        `save ${t.saveMs.toFixed(0)} ms, total ${total.toFixed(0)} ms` +
        (LARGE ? ` (target ≤ ${TARGET_MS / 1000} s: ${total <= TARGET_MS ? "met" : "MISSED"})` : ""),
    );
    console.log(`  load average ${os.loadavg().map((load) => load.toFixed(1)).join(", ")} (1, 5, 15 min; ${os.availableParallelism()} cores)`);
    console.log(`  replaced ${before.rows.toLocaleString("en-US")} score rows (scoredAt ${iso(before.newest)}) with ${report.customers.toLocaleString("en-US")} (scoredAt ${iso(now.getTime())})`);
    const ok = reportObservations(reader.observations, before, { rows: report.customers, scoredAt: now.getTime() });
    results.push({ total, ok });
  }
  return results;
}


/** The large shop's database on the server: built unless --keep finds the same shop there. */
async function largePostgres(): Promise<void> {
  const server = SERVER_URL!;
  const url = withDatabaseName(server, LARGE_DB);
  const exists = await admin(server, async (client) => (await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [LARGE_DB])).rowCount === 1);
  let reuse = false;
  if (values.keep && exists) {
    reuse = await admin(url, async (client) => {
      const { rows } = await client.query<{ customers: string; orders: string }>(
        `SELECT (SELECT count(*) FROM "Customer" WHERE "shopId" = 'bench-scoring-shop') AS customers,
                (SELECT count(*) FROM "Order" WHERE "shopId" = 'bench-scoring-shop') AS orders`,
      ).catch(() => ({ rows: [{ customers: "0", orders: "0" }] }));
      return Number(rows[0].customers) === CUSTOMERS && Number(rows[0].orders) === ORDERS;
    });
  }
  try {
    if (!reuse) {
      console.log(`building ${CUSTOMERS.toLocaleString("en-US")} customers, ${ORDERS.toLocaleString("en-US")} orders in ${LARGE_DB}`);
      await admin(server, (client) => client.query(`DROP DATABASE IF EXISTS ${LARGE_DB} WITH (FORCE)`).then(() => client.query(`CREATE DATABASE ${LARGE_DB}`)));
    } else {
      console.log(`reusing ${LARGE_DB} (--keep)`);
    }
    const db = await openDatabase({ url, poolSize: 4 });
    try {
      await db.migrate();
      if (!reuse) {
        const started = performance.now();
        await buildLargeShop(db);
        console.log(`  built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      const results = await bench("PostgreSQL", db, LARGE_SHOP, async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query("SET TIME ZONE 'UTC'");
        return client;
      });
      summarize(results);
    } finally {
      await db.close();
    }
  } finally {
    if (!values.keep) await admin(server, (client) => client.query(`DROP DATABASE IF EXISTS ${LARGE_DB} WITH (FORCE)`));
  }
}

/** The large shop on PGlite, in a temporary data directory (one process, one backend: the reader queues). */
async function largePglite(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "encore-bench-scoring-job-"));
  const db = await openDatabase({ url: `pglite:${dir}`, poolSize: 4 });
  try {
    await db.migrate();
    console.log(`building ${CUSTOMERS.toLocaleString("en-US")} customers, ${ORDERS.toLocaleString("en-US")} orders in PGlite`);
    await buildLargeShop(db);
    summarize(await bench("PGlite", db, LARGE_SHOP, () => db.pool.connect()));
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarize(results: { total: number; ok: boolean }[]) {
  if (!LARGE || results.length === 0) return;
  const totals = results.map((r) => r.total / 1000);
  console.log(
    `end to end ${Math.min(...totals).toFixed(1)}–${Math.max(...totals).toFixed(1)} s over ${results.length} runs (target ≤ ${TARGET_MS / 1000} s: ` +
      `${totals.every((t) => t <= TARGET_MS / 1000) ? "met" : "MISSED"}); half-written sets seen: ${results.every((r) => r.ok) ? "none" : "YES"}`,
  );
}

async function demoShop(label: string, db: Database, connectReader: () => Promise<pg.ClientBase & { release?: () => void; end?: () => Promise<void> }>) {
  await db.migrate();
  await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 42, now: NOW });
  await bench(label, db, DEMO_SHOP, connectReader);
}

if (LARGE) {
  if (values.only !== "postgres") await largePglite();
  if (values.only !== "pglite") await largePostgres();
} else {
  if (values.only !== "postgres") {
    const pglite = await openDatabase({ url: "pglite:memory", poolSize: 4 });
    try {
      await demoShop("PGlite", pglite, () => pglite.pool.connect());
    } finally {
      await pglite.close();
    }
  }
  if (values.only !== "pglite" && SERVER_URL) {
    const name = `encore_bench_${randomBytes(4).toString("hex")}`;
    await admin(SERVER_URL, (client) => client.query(`CREATE DATABASE ${name}`));
    const db = await openDatabase({ url: withDatabaseName(SERVER_URL, name), poolSize: 4 });
    try {
      await demoShop("PostgreSQL", db, () => db.pool.connect());
    } finally {
      await db.close();
      await admin(SERVER_URL, (client) => client.query(`DROP DATABASE ${name} WITH (FORCE)`));
    }
  }
}
