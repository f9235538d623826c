/**
 * Lift of an offer against its control group: the difference in repeat rates (issued − control), a
 * confidence interval for it, and a two-proportion z-test.
 *
 * The interval is Newcombe's hybrid score interval (method 10 in Newcombe, Statistics in Medicine 1998,
 * "Interval estimation for the difference between independent proportions"), built from the two Wilson
 * intervals: unlike the textbook Wald interval it stays inside [−1, 1] and keeps its coverage with the small
 * or lopsided groups a 10 % control share produces. The test uses the pooled standard error.
 */

export interface ProportionCounts {
  /** Customers in the group who came back (made another order in the window). */
  successes: number;
  /** Customers in the group. */
  trials: number;
}

export interface LiftEstimate {
  issuedRate: number;
  controlRate: number;
  /** issuedRate − controlRate: the incremental repeat rate. */
  difference: number;
  /** difference / controlRate, or null when the control rate is 0. */
  relativeLift: number | null;
  confidence: number;
  interval: { lower: number; upper: number };
  z: number;
  /** Two-sided. */
  pValue: number;
  significant: boolean;
}

export function wilsonInterval(successes: number, trials: number, z: number): { lower: number; upper: number } {
  if (trials === 0) return { lower: 0, upper: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const center = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const halfWidth = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { lower: Math.max(0, center - halfWidth), upper: Math.min(1, center + halfWidth) };
}

/** null while either group is empty: there is nothing to compare yet. */
export function estimateLift(issued: ProportionCounts, control: ProportionCounts, confidence = 0.95): LiftEstimate | null {
  for (const group of [issued, control]) {
    if (!(group.trials > 0) || group.successes < 0 || group.successes > group.trials) return null;
  }
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p1 = issued.successes / issued.trials;
  const p2 = control.successes / control.trials;
  const difference = p1 - p2;
  const w1 = wilsonInterval(issued.successes, issued.trials, z);
  const w2 = wilsonInterval(control.successes, control.trials, z);
  const lower = difference - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2);
  const upper = difference + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2);

  const pooled = (issued.successes + control.successes) / (issued.trials + control.trials);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / issued.trials + 1 / control.trials));
  const zScore = standardError > 0 ? difference / standardError : 0;
  const pValue = standardError > 0 ? Math.min(1, 2 * normalUpperTail(Math.abs(zScore))) : 1;
  return {
    issuedRate: p1,
    controlRate: p2,
    difference,
    relativeLift: p2 > 0 ? difference / p2 : null,
    confidence,
    interval: { lower, upper },
    z: zScore,
    pValue,
    significant: lower > 0 || upper < 0,
  };
}

/** P(Z > x) for a standard normal, via erfc (Numerical Recipes' Chebyshev fit, |relative error| < 1.2e-7). */
export function normalUpperTail(x: number): number {
  return erfc(x / Math.SQRT2) / 2;
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Inverse standard normal CDF (Acklam's rational approximation, |relative error| < 1.15e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError("p must be in (0, 1)");
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
