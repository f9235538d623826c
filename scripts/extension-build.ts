/**
 * Bundles the thank-you extension's target modules with esbuild into dist/extensions/ (ES modules whose
 * default export is the target's render function, as Shopify's runtime calls it). Shopify CLI bundles the
 * deployed extension itself; this build feeds the local preview harness and the bundle-size check.
 *
 *   tsx scripts/extension-build.ts [--app-url=https://encore.example.com]
 */
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
export const EXTENSION_DIST_DIR = path.join(ROOT, "dist/extensions");

export const EXTENSION_BUNDLES = [
  { target: "purchase.thank-you.block.render", entry: "extensions/thank-you-offer/src/thank-you-block.tsx", file: "thank-you-offer.js" },
  { target: "customer-account.order-status.block.render", entry: "extensions/thank-you-offer/src/order-status-block.tsx", file: "thank-you-offer-order-status.js" },
] as const;

export async function buildThankYouExtension(options: { appUrl?: string } = {}): Promise<string[]> {
  const outputs: string[] = [];
  for (const bundle of EXTENSION_BUNDLES) {
    const outfile = path.join(EXTENSION_DIST_DIR, bundle.file);
    await build({
      entryPoints: [path.join(ROOT, bundle.entry)],
      outfile,
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2020",
      minify: true,
      jsx: "automatic",
      jsxImportSource: "preact",
      define: { ENCORE_APP_URL: JSON.stringify(options.appUrl ?? ""), "process.env.NODE_ENV": '"production"' },
      legalComments: "none",
      logLevel: "warning",
    });
    outputs.push(outfile);
  }
  return outputs;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const appUrl = process.argv.find((arg) => arg.startsWith("--app-url="))?.slice("--app-url=".length);
  for (const file of await buildThankYouExtension({ appUrl })) console.log(`built ${path.relative(ROOT, file)}`);
}
