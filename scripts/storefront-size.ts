/**
 * The storefront JavaScript budget: every asset the Encore theme app extension ships, gzipped at level 9 (as a
 * CDN would serve it) and summed, must stay within 3 KB. `npx tsx scripts/storefront-size.ts` prints the
 * table and exits 1 when over; test/extensions/encore-storefront/storefront-size.test.ts runs it in CI.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";

export const STOREFRONT_JS_BUDGET_GZIP_BYTES = 3 * 1024;
export const STOREFRONT_ASSETS_DIR = path.resolve(import.meta.dirname, "../extensions/encore-storefront/assets");

export interface AssetSize {
  file: string;
  raw: number;
  gzip: number;
}

export function measureStorefrontScripts(dir = STOREFRONT_ASSETS_DIR): { assets: AssetSize[]; totalRaw: number; totalGzip: number; budget: number } {
  const assets = readdirSync(dir)
    .filter((file) => file.endsWith(".js"))
    .sort()
    .map((file) => {
      const source = readFileSync(path.join(dir, file));
      return { file, raw: source.length, gzip: gzipSync(source, { level: 9 }).length };
    });
  return {
    assets,
    totalRaw: assets.reduce((sum, asset) => sum + asset.raw, 0),
    totalGzip: assets.reduce((sum, asset) => sum + asset.gzip, 0),
    budget: STOREFRONT_JS_BUDGET_GZIP_BYTES,
  };
}

export function formatReport(report: ReturnType<typeof measureStorefrontScripts>): string {
  const lines = report.assets.map((asset) => `${asset.file.padEnd(24)} ${String(asset.raw).padStart(6)} B raw ${String(asset.gzip).padStart(6)} B gzip`);
  lines.push(`${"total".padEnd(24)} ${String(report.totalRaw).padStart(6)} B raw ${String(report.totalGzip).padStart(6)} B gzip (budget ${report.budget} B)`);
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const report = measureStorefrontScripts();
  console.log(formatReport(report));
  if (report.totalGzip > report.budget) {
    console.error(`Storefront JavaScript is ${report.totalGzip - report.budget} B over its ${report.budget} B gzip budget`);
    process.exit(1);
  }
}
