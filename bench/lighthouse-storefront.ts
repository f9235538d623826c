/**
 * Lighthouse performance of the sample storefront page with and without Encore's blocks (demo preview),
 * mobile settings (Lighthouse's default throttling), Debian's Chromium driven over a local CDP port.
 * Not a test: run `npx tsx bench/lighthouse-storefront.ts [runs]` and read the medians.
 *
 * Shopify's theme-app-extension rule allows a drop of at most 10 points; Encore's goal is no measurable drop.
 */
import type { Server } from "node:http";
import { createServer } from "node:net";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";
import { loadConfig } from "../app/config/env";
import { openDatabase } from "../app/infra/db/database";
import { seedDemoShop } from "../app/infra/demo/seed-demo-shop";
import { ensureDemoReturningCustomer } from "../app/infra/storefront/demo-storefront-seed";
import { createApp } from "../app/server/app";
import { createLogger } from "../app/server/logger";

const RUNS = Number(process.argv[2] ?? 3);
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOP = "encore-demo.myshopify.com";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const config = loadConfig({ NODE_ENV: "development", LOG_LEVEL: "warn", DATABASE_URL: "pglite:memory" });
const db = await openDatabase({ url: "pglite:memory", poolSize: 4 });
await db.migrate();
await seedDemoShop(db, { shopDomain: SHOP, seed: 42, now: new Date(), customerCount: 200 });
await ensureDemoReturningCustomer(db.prisma, SHOP, new Date());
const { app } = createApp({ config, db, logger: createLogger({ level: "warn" }) });
const server = await new Promise<Server>((resolve) => {
  const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
});
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

const port = await freePort();
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: ["--headless", "--no-sandbox", "--disable-gpu", `--remote-debugging-port=${port}`, "--no-first-run", "--disable-background-networking"],
});

const pages = {
  "without blocks": `${base}/preview/storefront?as=customer&blocks=none`,
  "with blocks (guest)": `${base}/preview/storefront?as=guest`,
  "with blocks (returning customer)": `${base}/preview/storefront?as=customer`,
} as const;

const results: Record<string, { score: number; fcp: number; lcp: number; tbt: number; cls: number; scripts: number }[]> = {};
try {
  for (let run = 0; run < RUNS; run += 1) {
    for (const [name, url] of Object.entries(pages)) {
      // The page sets the preview sign-in cookie itself, so each run starts from the same state.
      const result = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: ["performance"] });
      const lhr = result!.lhr;
      const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
      const scripts = (lhr.audits["network-requests"]?.details as { items?: { resourceType?: string; transferSize?: number }[] } | undefined)?.items
        ?.filter((item) => item.resourceType === "Script")
        .reduce((sum, item) => sum + (item.transferSize ?? 0), 0) ?? 0;
      (results[name] ??= []).push({
        score: Math.round((lhr.categories.performance.score ?? 0) * 100),
        fcp: audit("first-contentful-paint"),
        lcp: audit("largest-contentful-paint"),
        tbt: audit("total-blocking-time"),
        cls: audit("cumulative-layout-shift"),
        scripts,
      });
    }
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  await db.close();
}

const summary = Object.entries(results).map(([name, runs]) => ({
  page: name,
  runs: runs.length,
  score: median(runs.map((r) => r.score)),
  scores: runs.map((r) => r.score).join(","),
  fcpMs: Math.round(median(runs.map((r) => r.fcp))),
  lcpMs: Math.round(median(runs.map((r) => r.lcp))),
  tbtMs: Math.round(median(runs.map((r) => r.tbt))),
  cls: median(runs.map((r) => r.cls)),
  scriptBytes: median(runs.map((r) => r.scripts)),
}));
console.table(summary);
const baseline = summary[0].score;
for (const row of summary.slice(1)) console.log(`${row.page}: ${row.score - baseline >= 0 ? "+" : ""}${row.score - baseline} points vs. without blocks`);
const out = path.resolve(import.meta.dirname, "../test/artifacts");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "lighthouse-storefront.json"), JSON.stringify({ at: new Date().toISOString(), summary, results }, null, 2));
