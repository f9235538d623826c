/**
 * Fitting a large shop on a sample of its customers.
 *
 * The models' parameters describe the shop's population (the spread of purchase rates and drop-out
 * probabilities), not any one customer: a well-drawn sample of 200,000 customers pins them down about as well
 * as a million do (standard errors shrink with √n: 2.2× wider at 200k than at 1M, already well inside a percent
 * or two of the parameters), at a fifth of the cost. So above a threshold the fits see a sample, while
 * everything customers are judged by (scores, the backtest's predicted-vs-actual) is still computed for every
 * customer with the sample's parameters.
 *
 * The sample is a Bernoulli draw on a hash of the customer id: deterministic (the same shop gives the same fit
 * on a re-run, no random source needed), independent of anything the models see (ids carry no purchase
 * behaviour), so unbiased, and the same customer is in or out in every fit of a run.
 */
import { hash32 } from "../random/hash32";
export interface FitSampling {
  /** shops with more customers than this are fitted on a sample */
  readonly above: number;
  /** the sample's expected size */
  readonly target: number;
}

export const DEFAULT_FIT_SAMPLING: FitSampling = { above: 250_000, target: 200_000 };

/** Fit on every customer whatever the size. */
export const NO_FIT_SAMPLING: FitSampling = { above: Infinity, target: Infinity };

/** Recorded with every fit: its parameters come from `customers` of the `of` customers in its data. */
export interface FitSample {
  readonly customers: number;
  readonly of: number;
}

/** Indices (ascending) of the customers in the fit sample, or null when the shop is fitted whole. */
export function fitSampleIndices(customerIds: readonly string[], sampling: FitSampling = DEFAULT_FIT_SAMPLING): Int32Array | null {
  const n = customerIds.length;
  if (!(n > sampling.above) || !(sampling.target < n)) return null;
  // Inclusion when the 32-bit hash falls below target/n of its range.
  const limit = Math.floor((sampling.target / n) * 4294967296);
  const picked = new Int32Array(n);
  let size = 0;
  for (let i = 0; i < n; i++) if (hash32(customerIds[i]) < limit) picked[size++] = i;
  return picked.slice(0, size);
}

/** `column` at `indices` (the whole column when indices is null). */
export function takeRows(column: Float64Array, indices: Int32Array | null): Float64Array {
  if (indices === null) return column;
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = column[indices[k]];
  return out;
}
