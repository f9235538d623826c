/**
 * Prints each extension bundle's raw and gzipped size and exits non-zero above Shopify's 64 KB compressed
 * limit for a UI extension script (Encore aims for 25 KB). Builds the bundles first.
 *
 *   tsx scripts/extension-bundle-size.ts
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { buildThankYouExtension } from "./extension-build";

export const LIMIT_BYTES = 64 * 1024;
export const TARGET_BYTES = 25 * 1024;

export interface BundleSize {
  file: string;
  raw: number;
  gzip: number;
}

export async function measureExtensionBundles(): Promise<BundleSize[]> {
  const files = await buildThankYouExtension();
  return files.map((file) => {
    const source = readFileSync(file);
    return { file: path.basename(file), raw: source.length, gzip: gzipSync(source, { level: 9 }).length };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = await measureExtensionBundles();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  for (const size of sizes) {
    const verdict = size.gzip > LIMIT_BYTES ? "OVER THE 64 KB LIMIT" : size.gzip > TARGET_BYTES ? "under the limit, above the 25 KB aim" : "ok";
    console.log(`${size.file}: ${kb(size.raw)} raw, ${kb(size.gzip)} gzipped (${size.gzip} bytes) — ${verdict}`);
  }
  if (sizes.some((size) => size.gzip > LIMIT_BYTES)) process.exit(1);
}
