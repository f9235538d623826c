/**
 * Command-line fit for analysts:
 *   npm run --silent fit -- --model bgnbd|pnbd|gg --input FILE.csv [--spend-column NAME]
 *
 * Reads a CSV whose header names x, t_x, T (and for gg the spend column,
 * default m); other columns are ignored; times are in whatever unit the file
 * uses (the output α, β are in that unit). Prints one JSON line:
 *   {"model","params":{...},"logLikelihood","iterations","customers","fitMs"}
 * fitMs times the fit alone. Bad input → one line on stderr naming the row and
 * column, exit code 2. For gg only rows with x ≥ 1 and spend > 0 are used.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fitBgNbd, fitGammaGamma, fitParetoNbd } from "../app/domain/scoring";

class InputError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new InputError(`--${name} needs a value`);
  return value;
}

function splitCsvLine(line: string): string[] {
  // Plain CSV with optional double quotes around fields.
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (current += '"'), i++;
      else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") fields.push(current), (current = "");
    else current += ch;
  }
  fields.push(current);
  return fields.map((f) => f.trim());
}

function readColumns(path: string, names: string[]): { columns: Float64Array[]; rows: number } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length === 0) throw new InputError(`${path}: empty file, expected a header naming ${names.join(", ")}`);
  const header = splitCsvLine(lines[0].replace(/^\uFEFF/, ""));
  const positions = names.map((name) => {
    const at = header.indexOf(name);
    if (at < 0) throw new InputError(`${path}: header has no column "${name}" (found: ${header.join(", ")})`);
    return at;
  });
  const rows = lines.length - 1;
  const columns = names.map(() => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const fields = splitCsvLine(lines[r + 1]);
    const lineNumber = r + 2;
    names.forEach((name, c) => {
      const raw = fields[positions[c]];
      const value = raw === undefined || raw === "" ? NaN : Number(raw);
      if (!Number.isFinite(value)) throw new InputError(`row ${r + 1} (line ${lineNumber}), column "${name}": not a number: ${JSON.stringify(raw ?? "")}`);
      if (value < 0) throw new InputError(`row ${r + 1} (line ${lineNumber}), column "${name}": negative value ${raw}`);
      columns[c][r] = value;
    });
  }
  return { columns, rows };
}

function checkRecency(x: Float64Array, tx: Float64Array, T: Float64Array): void {
  for (let r = 0; r < x.length; r++) {
    if (tx[r] > T[r]) throw new InputError(`row ${r + 1} (line ${r + 2}), column "t_x": t_x = ${tx[r]} is greater than T = ${T[r]}`);
    if (x[r] === 0 && tx[r] !== 0) throw new InputError(`row ${r + 1} (line ${r + 2}), column "t_x": t_x must be 0 when x = 0`);
  }
}

function main(args: string[]): void {
  const model = option(args, "model");
  const input = option(args, "input");
  if (model !== "bgnbd" && model !== "pnbd" && model !== "gg") throw new InputError(`--model must be bgnbd, pnbd or gg (got ${model ?? "nothing"})`);
  if (!input) throw new InputError("--input FILE.csv is required");
  const spendColumn = option(args, "spend-column") ?? "m";

  if (model === "gg") {
    const { columns } = readColumns(input, ["x", spendColumn]);
    const [x, m] = columns;
    const start = performance.now();
    const fit = fitGammaGamma({ x, m });
    const fitMs = performance.now() - start;
    print("gg", { p: fit.params.p, q: fit.params.q, gamma: fit.params.gamma }, fit.report.logLikelihood, fit.report.iterations, fit.report.customers, fitMs);
    return;
  }
  const { columns } = readColumns(input, ["x", "t_x", "T"]);
  const [x, tx, T] = columns;
  checkRecency(x, tx, T);
  // The file's unit is unknown; "weeks" is only a label here (α, β are in the file's unit).
  const start = performance.now();
  if (model === "bgnbd") {
    const fit = fitBgNbd({ x, tx, T }, { timeUnit: "weeks" });
    const fitMs = performance.now() - start;
    const { r, alpha, a, b } = fit.params;
    print("bgnbd", { r, alpha, a, b }, fit.report.logLikelihood, fit.report.iterations, fit.report.customers, fitMs);
  } else {
    const fit = fitParetoNbd({ x, tx, T }, { timeUnit: "weeks" });
    const fitMs = performance.now() - start;
    const { r, alpha, s, beta } = fit.params;
    print("pnbd", { r, alpha, s, beta }, fit.report.logLikelihood, fit.report.iterations, fit.report.customers, fitMs);
  }
}

function print(model: string, params: Record<string, number>, logLikelihood: number, iterations: number, customers: number, fitMs: number): void {
  process.stdout.write(`${JSON.stringify({ model, params, logLikelihood, iterations, customers, fitMs: Math.round(fitMs * 1000) / 1000 })}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (error instanceof InputError) {
    process.stderr.write(`fit: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
