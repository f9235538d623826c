import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("thank-you extension bundle size", () => {
  it("is printed by the script and stays under Shopify's 64 KB compressed limit (aim: 25 KB)", () => {
    const output = execFileSync(process.execPath, ["--import", "tsx", "scripts/extension-bundle-size.ts"], { cwd: ROOT, encoding: "utf8" });
    const sizes = [...output.matchAll(/^(\S+\.js): .* gzipped \((\d+) bytes\)/gm)].map((match) => ({ file: match[1], gzip: Number(match[2]) }));
    expect(sizes.map((size) => size.file)).toEqual(["thank-you-offer.js", "thank-you-offer-order-status.js"]);
    for (const size of sizes) expect(size.gzip).toBeLessThan(25 * 1024);
  });
});
