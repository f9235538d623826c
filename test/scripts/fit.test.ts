/** scripts/fit.ts run as a child process, the way analysts call it. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CDNOW_DIR } from "../domain/scoring/cdnow-data";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/scoring");

function runFit(...args: string[]) {
  const result = spawnSync("npx", ["tsx", "scripts/fit.ts", ...args], { cwd: ROOT, encoding: "utf8" });
  const stderr = result.stderr.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("npm warn"));
  return { status: result.status, stdout: result.stdout, stderr };
}

describe("npm run fit", () => {
  it("fits the BG/NBD on the CDNOW summary and prints one JSON line", () => {
    const { status, stdout } = runFit("--model", "bgnbd", "--input", path.join(CDNOW_DIR, "cdnow_customers_summary_with_transactions.csv"));
    expect(status).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(Object.keys(out)).toEqual(["model", "params", "logLikelihood", "iterations", "customers", "fitMs"]);
    expect(Object.keys(out.params)).toEqual(["r", "alpha", "a", "b"]);
    expect(out.params.r).toBeCloseTo(0.2426, 3);
    expect(out.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(out.customers).toBe(2357);
  });
  it("fits pnbd and gg (with a named spend column) on a small fixture", () => {
    const pnbd = runFit("--model", "pnbd", "--input", path.join(FIXTURES, "cdnow-head.csv"));
    expect(pnbd.status).toBe(0);
    expect(Object.keys(JSON.parse(pnbd.stdout).params)).toEqual(["r", "alpha", "s", "beta"]);
    const gg = runFit("--model", "gg", "--input", path.join(FIXTURES, "cdnow-head.csv"), "--spend-column", "mean_repeat_spend_cal");
    expect(gg.status).toBe(0);
    const out = JSON.parse(gg.stdout);
    expect(Object.keys(out.params)).toEqual(["p", "q", "gamma"]);
    expect(out.customers).toBeGreaterThan(5);
  });
  it.each([
    ["missing-column.csv", "bgnbd", /column "T"/],
    ["negative-value.csv", "bgnbd", /row 2 .*column "t_x".*negative/],
    ["not-a-number.csv", "bgnbd", /row 2 .*column "t_x".*not a number/],
    ["recency-after-age.csv", "pnbd", /row 3 .*column "t_x".*greater than T/],
    ["cdnow-head.csv", "gg", /column "m"/],
  ])("%s (%s) → one-line error naming row and column, exit 2", (file, model, message) => {
    const { status, stdout, stderr } = runFit("--model", model, "--input", path.join(FIXTURES, file));
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(message);
  });
});
