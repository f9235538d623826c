/**
 * Scoring-engine benchmark (not a test): `npm run bench:scoring [-- --customers N --seed S]`.
 *
 * Simulates N customers (default 1,000,000) from known BG/NBD and Gamma-Gamma
 * parameters (time unit: days, first orders spread over two years), then
 * times each stage the scoring job runs:
 *  - summary build: from a simulated order log (timestamps in ms, ~2.8 M
 *    orders) through CustomerSummaryBuilder;
 *  - BG/NBD fit, Gamma-Gamma fit and scoring: on N customers with distinct
 *    (x, t_x, T) in continuous time, so row compression cannot help (the
 *    worst case; real shops measure in whole days and compress well).
 * Parameter recovery is checked on the continuous data and reported with
 * asymptotic standard errors (observed information at the optimum): an
 * error of a few standard errors is sampling noise, not bias. The day-level
 * summaries are fitted too, for information: same-day merging and whole-day
 * ages bias that fit by a few percent, which is a property of the data, not
 * of the estimator.
 */
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import {
  assessConfidence,
  CustomerSummaryBuilder,
  fitBgNbd,
  fitGammaGamma,
  MS_PER_DAY,
  bgNbdStandardErrors,
  gammaGammaStandardErrors,
  scoreCustomers,
  segmentCounts,
  simulateBgNbdOrders,
  simulateBgNbdSummaries,
  type CustomerSummaries,
  type BgNbdParams,
  type GammaGammaParams,
  type ScoringModel,
} from "../app/domain/scoring";
import { gamma } from "../app/domain/random/samplers";
import { createSeededRandom } from "../app/domain/random/seeded-random";
import { ParallelScorer, sharedFloat64Column } from "../app/infra/scoring/parallel-scorer";

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const customers = argument("customers", 1_000_000);
const seed = argument("seed", 20260101);
const truth: BgNbdParams = { model: "bgnbd", r: 0.75, alpha: 90, a: 0.8, b: 2.5, timeUnit: "days" };
const spendTruth: GammaGammaParams = { model: "gg", p: 6, q: 4, gamma: 25 };
const observationEnd = Date.UTC(2026, 0, 1) - 1;
const start = observationEnd - 730 * MS_PER_DAY;

const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const value = f();
  return [value, performance.now() - t0];
};

const [orders, simulateMs] = time(() => simulateBgNbdOrders(truth, spendTruth, customers, start, observationEnd, createSeededRandom(seed)));
const ids = Array.from({ length: customers }, (_, i) => `gid://shopify/Customer/${1_000_000_000 + i}`);

const [summaries, summaryMs] = time(() => {
  const builder = new CustomerSummaryBuilder({ observationEnd, timeUnit: "days" });
  for (let k = 0; k < orders.length; k++) builder.add(ids[orders.customerIndex[k]], orders.timestamp[k], orders.amount[k]);
  return builder.finish();
});

const distinct = simulateContinuous(customers, seed + 1);
const [bgnbd, bgnbdMs] = time(() => fitBgNbd({ x: distinct.x, tx: distinct.tx, T: distinct.T }, { timeUnit: "days" }));
const [gg, ggMs] = time(() => fitGammaGamma({ x: distinct.x, m: distinct.meanRepeatValue }));
const [dayLevel, dayLevelMs] = time(() => fitBgNbd({ x: summaries.x, tx: summaries.tx, T: summaries.T }, { timeUnit: "days" }));

/** The model-input columns copied into shared memory, as CustomerSummaryBuilder makes them for the job. */
function shareColumns(source: CustomerSummaries): CustomerSummaries {
  const share = (column: Float64Array) => {
    const copy = sharedFloat64Column(column.length);
    copy.set(column);
    return copy;
  };
  const { x, tx, T, meanRepeatValue, meanOrderValue, totalSpend } = source;
  return { ...source, x: share(x), tx: share(tx), T: share(T), meanRepeatValue: share(meanRepeatValue), meanOrderValue: share(meanOrderValue), totalSpend: share(totalSpend) };
}

/** Continuous-time (x, t_x, T, m̄) straight from the generative model. */
function simulateContinuous(n: number, seedValue: number): CustomerSummaries {
  const random = createSeededRandom(seedValue);
  const base = simulateBgNbdSummaries(truth, n, (r) => r.next() * 730, random);
  const meanRepeatValue = new Float64Array(n);
  const meanOrderValue = new Float64Array(n);
  const totalSpend = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nu = gamma(random, spendTruth.q, 1 / spendTruth.gamma); // Gamma(q, rate γ)
    const first = gamma(random, spendTruth.p, 1 / nu);
    // The mean of x Gamma(p, rate ν) draws is Gamma(px, rate xν).
    meanRepeatValue[i] = base.x[i] > 0 ? gamma(random, spendTruth.p * base.x[i], 1 / (nu * base.x[i])) : 0;
    totalSpend[i] = first + meanRepeatValue[i] * base.x[i];
    meanOrderValue[i] = totalSpend[i] / (base.x[i] + 1);
  }
  return {
    ...summaries,
    size: n,
    customerIds: ids,
    x: base.x,
    tx: base.tx,
    T: base.T,
    meanRepeatValue,
    meanOrderValue,
    totalSpend,
  };
}

let repeatCustomers = 0;
let spend = 0;
let transactions = 0;
for (let i = 0; i < distinct.size; i++) {
  if (distinct.x[i] > 0) repeatCustomers++;
  spend += distinct.totalSpend[i];
  transactions += distinct.x[i] + 1;
}
const model: ScoringModel = {
  name: "bgnbd",
  timeUnit: "days",
  transactions: bgnbd.params,
  transactionFit: bgnbd.report,
  spend: gg.params,
  spendFit: gg.report,
  shopMeanOrderValue: spend / transactions,
  confidence: assessConfidence(distinct.size, repeatCustomers, bgnbd.report.converged),
  customers: distinct.size,
  repeatCustomers,
};
// "Score all" = everything the job stores per customer: predictions, RFM scores and group, ladder rung.
// The first call is the figure that counts; repeats (each a full recomputation) show the spread.
const REPEATS = 5;
const [table, scoreMs] = time(() => scoreCustomers(distinct, model));
const scoreRepeatsMs = Array.from({ length: REPEATS }, () => time(() => scoreCustomers(distinct, model))[1]);
// What the scoring job uses for large shops: every core, threads started and warmed once per process
// (untimed here, as in a running server), summaries in shared memory as the job builds them
// (allocateColumn). The first call allocates its output columns; repeats hand each table back with
// release(), as the job does after saving, so they reuse them.
const sharedDistinct = shareColumns(distinct);
const scorer = new ParallelScorer();
await scorer.warmUp();
const parallelStart = performance.now();
let parallelTable = await scorer.score(sharedDistinct, model);
const parallelScoreMs = performance.now() - parallelStart;
const parallelCounts = segmentCounts(parallelTable);
const parallelRepeatsMs: number[] = [];
for (let k = 0; k < REPEATS; k++) {
  scorer.release(parallelTable);
  const started = performance.now();
  parallelTable = await scorer.score(sharedDistinct, model);
  parallelRepeatsMs.push(performance.now() - started);
}
// Summaries in ordinary memory are copied into the scorer's shared input columns on every call.
const copiedStart = performance.now();
scorer.release(parallelTable);
await scorer.score(distinct, model);
const parallelCopiedMs = performance.now() - copiedStart;
await scorer.close();
const [dayTable, dayScoreMs] = time(() => scoreCustomers(summaries, { ...model, transactions: dayLevel.params }));
const counts = segmentCounts(table);
const peakRssMb = process.resourceUsage().maxRSS / 1024;

// Sampling error: asymptotic standard errors from the observed information at the optimum.
const [bgnbdErrors, bgnbdErrorsMs] = time(() => bgNbdStandardErrors(bgnbd.params, { x: distinct.x, tx: distinct.tx, T: distinct.T }));
const [ggErrors, ggErrorsMs] = time(() => gammaGammaStandardErrors(gg.params, { x: distinct.x, m: distinct.meanRepeatValue }));
const relativeError = (fitted: number, known: number) => (fitted - known) / known;
const rows = [
  ["r", truth.r, bgnbd.params.r, bgnbdErrors.standardErrors[0]],
  ["alpha (days)", truth.alpha, bgnbd.params.alpha, bgnbdErrors.standardErrors[1]],
  ["a", truth.a, bgnbd.params.a, bgnbdErrors.standardErrors[2]],
  ["b", truth.b, bgnbd.params.b, bgnbdErrors.standardErrors[3]],
  ["p", spendTruth.p, gg.params.p, ggErrors.standardErrors[0]],
  ["q", spendTruth.q, gg.params.q, ggErrors.standardErrors[1]],
  ["gamma", spendTruth.gamma, gg.params.gamma, ggErrors.standardErrors[2]],
] as const;
const correlation = (c: Float64Array, k: number, i: number, j: number) => c[i * k + j] / Math.sqrt(c[i * k + i] * c[j * k + j]);
console.log(`customers ${customers.toLocaleString("en")} (distinct continuous-time summaries), order log ${summaries.size.toLocaleString("en")} customers / orders ${orders.length.toLocaleString("en")}, repeat customers ${repeatCustomers.toLocaleString("en")}, seed ${seed}`);
console.log("parameter      known     fitted    rel.err   std.err (rel.)   (fitted−known)/SE");
for (const [name, known, fitted, se] of rows) {
  console.log(
    `${name.padEnd(13)} ${known.toFixed(4).padStart(8)} ${fitted.toFixed(4).padStart(10)} ${(100 * relativeError(fitted, known)).toFixed(2).padStart(8)} % ${se.toFixed(4).padStart(8)} (${((100 * se) / fitted).toFixed(2)} %) ${((fitted - known) / se).toFixed(2).padStart(8)}`,
  );
}
console.log(
  `BG/NBD correlation of ln a and ln b ${correlation(bgnbdErrors.logCovariance, 4, 2, 3).toFixed(3)}; remaining Newton step at the optimum (ln r, ln α, ln a, ln b) ${Array.from(bgnbdErrors.newtonStep, (v) => v.toExponential(1)).join(", ")}; standard errors ${bgnbdErrorsMs.toFixed(0)} ms (Gamma-Gamma ${ggErrorsMs.toFixed(0)} ms)`,
);
console.log(`BG/NBD fit: ${bgnbd.report.iterations} iterations, LL ${bgnbd.report.logLikelihood.toFixed(2)}, converged ${bgnbd.report.converged}`);
console.log(
  `day-level summaries (from the order log): r ${dayLevel.params.r.toFixed(4)}, alpha ${dayLevel.params.alpha.toFixed(3)}, a ${dayLevel.params.a.toFixed(4)}, b ${dayLevel.params.b.toFixed(4)} (${dayLevel.report.iterations} iterations, ${dayLevelMs.toFixed(0)} ms; scoring ${dayTable.size.toLocaleString("en")} customers ${dayScoreMs.toFixed(0)} ms)`,
);
console.log(`Gamma-Gamma fit: ${gg.report.iterations} iterations, LL ${gg.report.logLikelihood.toFixed(2)}, converged ${gg.report.converged}`);
const spread = (ms: number[]) => {
  const sorted = [...ms].sort((p, q) => p - q);
  return `min ${sorted[0].toFixed(0)} / median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} / max ${sorted[sorted.length - 1].toFixed(0)}`;
};
console.log("stage                                   ms");
for (const [stage, ms] of [
  ["simulate (untimed)", simulateMs],
  ["summary build", summaryMs],
  ["(day-level BG/NBD fit)", dayLevelMs],
  ["(day-level scoring)", dayScoreMs],
  ["BG/NBD fit", bgnbdMs],
  ["Gamma-Gamma fit", ggMs],
  ["score all, 1 thread (first call)", scoreMs],
  [`score all, ${availableParallelism()} threads (first call)`, parallelScoreMs],
] as const) {
  console.log(`${stage.padEnd(38)} ${ms.toFixed(0).padStart(6)}`);
}
console.log(`score all, 1 thread, ${REPEATS} repeats: ${spread(scoreRepeatsMs)} ms`);
console.log(`score all, ${availableParallelism()} threads, ${REPEATS} repeats (pooled outputs): ${spread(parallelRepeatsMs)} ms`);
console.log(`score all, ${availableParallelism()} threads, summaries not in shared memory (copied in): ${parallelCopiedMs.toFixed(0)} ms`);
console.log(`peak RSS ${peakRssMb.toFixed(0)} MB`);
console.log(`segments ${JSON.stringify(counts)}${JSON.stringify(parallelCounts) === JSON.stringify(counts) ? " (same from the threads)" : ` — threads differ: ${JSON.stringify(parallelCounts)}`}`);
console.log(
  JSON.stringify({
    customers,
    orders: orders.length,
    summaryMs: Math.round(summaryMs),
    bgnbdFitMs: Math.round(bgnbdMs),
    dayLevelBgnbdFitMs: Math.round(dayLevelMs),
    dayLevelScoreMs: Math.round(dayScoreMs),
    gammaGammaFitMs: Math.round(ggMs),
    scoreMs: Math.round(scoreMs),
    scoreRepeatsMs: scoreRepeatsMs.map(Math.round),
    parallelScoreMs: Math.round(parallelScoreMs),
    parallelRepeatsMs: parallelRepeatsMs.map(Math.round),
    parallelCopiedMs: Math.round(parallelCopiedMs),
    peakRssMb: Math.round(peakRssMb),
    maxRelativeError: Math.max(...rows.map(([, known, fitted]) => Math.abs(relativeError(fitted, known)))),
    maxStandardErrorsOff: Math.max(...rows.map(([, known, fitted, se]) => Math.abs((fitted - known) / se))),
  }),
);
