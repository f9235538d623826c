/**
 * Customer list benchmark (not a test): `npx tsx bench/customer-list.ts [--customers N] [--runs R] [--keep]`.
 *
 * Builds a shop of N customers (default 1,000,000) with one score row each, and issued coupons for 5 % of them,
 * in a dedicated PostgreSQL database (`encore_bench_customers` on BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test's server) with set-based SQL (generate_series; no rows pass through
 * Node), migrated exactly as production. Then it serves the real Express app over HTTP and measures p50 / p95 /
 * max latency of GET /api/customers for typical queries: the default page, every sort in both directions, a
 * deep keyset page, segment / band / unused-coupon filters, name and email search, and a combination.
 * Target: p95 < 100 ms per query at 1M customers. `--keep` reuses an existing bench database.
 */
import type { Server } from "node:http";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadConfig, DEMO_SHOP_DOMAIN } from "../app/config/env";
import { openDatabase } from "../app/infra/db/database";
import { createApp } from "../app/server/app";
import { createLogger } from "../app/server/logger";
import { withDatabaseName } from "../test/support/database-backends";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "1000000" },
    runs: { type: "string", default: "100" },
    keep: { type: "boolean", default: false },
  },
});
const CUSTOMERS = Number(values.customers);
const RUNS = Number(values.runs);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const DB_NAME = "encore_bench_customers";


async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const FIRST_NAMES = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas", "Mia", "Mateo", "Amelia", "Ethan", "Harper", "Aisha", "Yui", "Diego", "Priya", "Fatima"];
const LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Khan", "Sato", "Lopez", "Taylor", "Thompson", "Evans", "Campbell", "Young", "Walker", "Wagner"];
const RFM = ["champions", "loyal", "active", "new", "promising", "needs_attention", "at_risk", "previously_loyal", "almost_lost", "dormant"];

async function build(url: string): Promise<void> {
  const db = await openDatabase({ url, poolSize: 2 });
  try {
    await db.migrate();
    const client = await db.pool.connect();
    try {
      const step = async (label: string, sql: string, params: unknown[] = []) => {
        const started = performance.now();
        await client.query(sql, params);
        console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      };
      await step("shop", `INSERT INTO "Shop" (id, domain, currency, plan, "updatedAt") VALUES ('bench-shop', $1, 'USD', 'bench', now())`, [DEMO_SHOP_DOMAIN]);
      // Pseudo-random but deterministic per customer: hashes of the row number, no random().
      await step(
        `${CUSTOMERS} customers`,
        `INSERT INTO "Customer" (id, "shopId", "shopifyGid", "firstName", "lastName", email, "updatedAt")
         SELECT 'c' || lpad(i::text, 8, '0'), 'bench-shop', 'gid://shopify/Customer/' || i, f, l,
                lower(f) || '.' || lower(l) || i || '@example.com', now()
         FROM generate_series(1, $1::int) AS i,
              LATERAL (SELECT ($2::text[])[1 + abs(hashint4(i)) % 20] AS f, ($3::text[])[1 + abs(hashint4(i + 7)) % 20] AS l) AS n`,
        [CUSTOMERS, FIRST_NAMES, LAST_NAMES],
      );
      await step(
        `${CUSTOMERS} scores`,
        `INSERT INTO "CustomerScore" ("shopId", "customerId", model, confidence, "scoredAt", "orderCount", "repeatPurchases",
           "firstOrderAt", "lastOrderAt", "totalSpent", "averageOrderValue", "pAlive", "pRepeat90", "expectedOrders90",
           "expectedOrders365", "expectedNextOrderAt", "predictedClv365", "rfmRecency", "rfmFrequency", "rfmMonetary",
           "rfmSegment", "loyaltySegment")
         SELECT 'bench-shop', 'c' || lpad(i::text, 8, '0'), 'bgnbd', 'high', now(), orders, orders - 1,
                now() - make_interval(days => 30 + (h2 % 700)), now() - make_interval(days => (h2 % 700) / orders, secs => h3 % 86400),
                round((orders * (20 + h3 % 150))::numeric, 2), round((20 + h3 % 150)::numeric, 2), p, p * 0.8, p * 1.2, p * 3.5,
                CASE WHEN p > 0.05 THEN now() + make_interval(days => 10 + h2 % 200) END,
                round((p * 3.5 * (20 + h3 % 150))::numeric, 2), 1 + h1 % 5, 1 + h2 % 5, 1 + h3 % 5,
                ($2::text[])[1 + h3 % 10], CASE WHEN h1 % 100 = 0 THEN 'lover' WHEN h1 % 10 = 0 THEN 'liker' ELSE 'lurker' END
         FROM generate_series(1, $1::int) AS i,
              LATERAL (SELECT abs(hashint4(i)) AS h1, abs(hashint4(i + 1000003)) AS h2, abs(hashint4(i + 2000003)) AS h3) AS h,
              -- Orders: 60 % one, then a long tail; P(repeat) mostly low, as in real shops.
              LATERAL (SELECT CASE WHEN h1 % 100 < 60 THEN 1 WHEN h1 % 100 < 80 THEN 2 WHEN h1 % 100 < 90 THEN 3 ELSE 4 + h2 % 20 END AS orders,
                              power((h2 % 100000) / 100000.0, 2.5) * 0.85 AS p) AS v`,
        [CUSTOMERS, RFM],
      );
      await step(
        "unused coupons for 5 % of customers",
        `INSERT INTO "OfferDecision" (id, "shopId", "orderGid", "customerId", outcome, code, "discountStatus", "expiresAt", "decidedAt")
         SELECT 'd' || i, 'bench-shop', 'gid://shopify/Order/' || i, 'c' || lpad(i::text, 8, '0'), 'issued', 'CODE' || i, 'created',
                now() + interval '30 days', now() - interval '5 days'
         FROM generate_series(1, $1::int) AS i WHERE abs(hashint4(i + 3000017)) % 20 = 0`,
        [CUSTOMERS],
      );
      await step("analyze", `ANALYZE "Customer"; ANALYZE "CustomerScore"; ANALYZE "OfferDecision"`);
    } finally {
      client.release();
    }
  } finally {
    await db.close();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const url = withDatabaseName(SERVER_URL, DB_NAME);
  const exists = await admin(async (client) => (await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB_NAME])).rowCount === 1);
  if (!values.keep || !exists) {
    console.log(`building ${CUSTOMERS} customers in ${DB_NAME}`);
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`));
    await admin((client) => client.query(`CREATE DATABASE ${DB_NAME}`));
    await build(url);
  }

  const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: url, LOG_LEVEL: "warn", HOST: "localhost" });
  const db = await openDatabase({ url, poolSize: 10 });
  const { app } = createApp({ config, db, logger: createLogger({ level: "warn" }) });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/customers`;
  const get = async (query: string) => {
    const response = await fetch(`${base}?${query}`);
    if (!response.ok) throw new Error(`${query}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { customers: unknown[]; pageInfo: { endCursor: string | null } };
  };

  // A cursor 200 pages deep (5,000 rows) for the deep-page case.
  let deep = "";
  for (let page = 0; page < 200; page++) deep = (await get(`limit=25${deep ? `&after=${deep}` : ""}`)).pageInfo.endCursor ?? "";

  const queries: [string, string][] = [
    ["default (P(repeat) desc)", "limit=25"],
    ["sort P(repeat) asc", "sort=pRepeat90&direction=asc"],
    ["sort predicted CLV desc", "sort=predictedClv365"],
    ["sort last order desc", "sort=lastOrderAt"],
    ["sort last order asc", "sort=lastOrderAt&direction=asc"],
    ["sort orders desc", "sort=orderCount"],
    ["sort orders asc", "sort=orderCount&direction=asc"],
    ["page 201 (keyset)", `after=${deep}`],
    ["segment champions", "segment=champions"],
    ["segment lover", "segment=lover"],
    ["segment lover, sort CLV", "segment=lover&sort=predictedClv365"],
    ["band high", "band=high"],
    ["band medium, sort last order", "band=medium&sort=lastOrderAt"],
    ["has unused coupon", "unusedCoupon=true"],
    ["search email prefix", "q=emma.smith12"],
    ["search name", "q=priya%20khan"],
    ["search last name", "q=wagner"],
    ["segment + band + coupon", "segment=loyal&band=medium&unusedCoupon=true&sort=orderCount"],
  ];
  console.log(`\nGET /api/customers, ${CUSTOMERS.toLocaleString("en-US")} customers, ${RUNS} runs each (after 5 warm-up runs)`);
  console.log("query".padEnd(34), "rows".padStart(5), "p50 ms".padStart(8), "p95 ms".padStart(8), "max ms".padStart(8));
  let worst = 0;
  for (const [label, query] of queries) {
    let rows = 0;
    for (let i = 0; i < 5; i++) rows = (await get(query)).customers.length;
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await get(query);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 0.95);
    worst = Math.max(worst, p95);
    console.log(label.padEnd(34), String(rows).padStart(5), percentile(times, 0.5).toFixed(1).padStart(8), p95.toFixed(1).padStart(8), times.at(-1)!.toFixed(1).padStart(8));
  }
  console.log(`\nworst p95: ${worst.toFixed(1)} ms (target < 100 ms) ${worst < 100 ? "OK" : "MISSED"}`);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.close();
}

await main();
