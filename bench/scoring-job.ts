/**
 * The scoring job end to end on the demo shop (5,000 customers, two years): read orders from the database,
 * fit + backtest both models, score, write every row in one transaction. Not a test: prints numbers.
 * Usage: npm run bench:scoring-job [-- --postgres postgres://postgres@127.0.0.1:5432/test]
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase, type Database } from "../app/infra/db/database";
import { seedDemoShop } from "../app/infra/demo/seed-demo-shop";
import { scoreShop } from "../app/infra/scoring/score-shop";

const { values } = parseArgs({ options: { postgres: { type: "string" }, runs: { type: "string", default: "3" } } });
const SHOP = "encore-demo.myshopify.com";
const NOW = new Date("2026-11-01T00:00:00Z");

async function bench(label: string, db: Database) {
  await db.migrate();
  await seedDemoShop(db, { shopDomain: SHOP, seed: 42, now: NOW });
  for (let run = 1; run <= Number(values.runs); run++) {
    const started = performance.now();
    const report = await scoreShop(db, { shopDomain: SHOP, now: NOW, trigger: "manual" });
    const total = performance.now() - started;
    const t = report.timings;
    console.log(
      `${label} run ${run}: ${report.customers} customers, ${report.orders} orders, model ${report.model}: ` +
        `read ${t.readMs.toFixed(0)} ms, fit+backtest ${t.fitMs.toFixed(0)} ms, score ${t.scoreMs.toFixed(0)} ms, ` +
        `save ${t.saveMs.toFixed(0)} ms, total ${total.toFixed(0)} ms`,
    );
  }
}

const pglite = await openDatabase({ url: "pglite:memory", poolSize: 4 });
try {
  await bench("PGlite", pglite);
} finally {
  await pglite.close();
}

if (values.postgres) {
  const name = `encore_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: values.postgres });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(values.postgres);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 4 });
  try {
    await bench("PostgreSQL", db);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}
