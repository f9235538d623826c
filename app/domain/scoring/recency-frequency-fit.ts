import { fitLogParameters, type FitReport, type LogParameterPrior } from "./log-parameter-fit";
import { compressRecencyFrequency, type RecencyFrequencyRows, strideRecencyFrequency, WARM_START_ROWS } from "./weighted-rows";

/** Per-customer recency/frequency data: x repeat purchases, t_x time of the last, T age (one time unit). */
export interface RecencyFrequencyInput {
  readonly x: ArrayLike<number>;
  readonly tx: ArrayLike<number>;
  readonly T: ArrayLike<number>;
  /** optional customer counts per row (default 1) */
  readonly weight?: ArrayLike<number>;
}

/** A four-parameter log-likelihood over compressed rows, adding its gradient into `gradient` when given. */
export type RecencyFrequencyLogLikelihood = (
  p0: number,
  p1: number,
  p2: number,
  p3: number,
  rows: RecencyFrequencyRows,
  gradient?: Float64Array | null,
) => number;

export function isRows(data: object): data is RecencyFrequencyRows {
  return "groups" in data;
}

export function toRecencyFrequencyRows(data: RecencyFrequencyInput | RecencyFrequencyRows): RecencyFrequencyRows {
  return isRows(data) ? data : compressRecencyFrequency(data.x, data.tx, data.T, data.weight);
}

/**
 * The fit BG/NBD and Pareto/NBD share: compressed rows, a quasi-Newton search over log-parameters, warm-started
 * on an every-k-th-row subsample when the data are large, MAP when a prior is given.
 */
export function fitRecencyFrequencyModel(
  logLikelihood: RecencyFrequencyLogLikelihood,
  rows: RecencyFrequencyRows,
  start: readonly [number, number, number, number],
  prior: LogParameterPrior | undefined,
): { params: Float64Array; report: FitReport } {
  const sample = strideRecencyFrequency(rows, WARM_START_ROWS);
  return fitLogParameters((p, gradient) => logLikelihood(p[0], p[1], p[2], p[3], rows, gradient), [...start], rows.totalWeight, {
    prior,
    warmStart: sample === rows ? undefined : (p, gradient) => logLikelihood(p[0], p[1], p[2], p[3], sample, gradient),
  });
}
