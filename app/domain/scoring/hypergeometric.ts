/**
 * Gauss hypergeometric function ₂F₁(a, b; c; z) for real a, b, c and |z| < 1.
 *
 * The defining series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ (A&S 15.1.1) is summed with a
 * running scale factor so that terms which first grow by hundreds of orders of
 * magnitude (x = 500 customers) neither overflow nor lose the result. Two
 * linear transformations put z where the series behaves:
 *  - z < 0: Pfaff, ₂F₁(a,b;c;z) = (1−z)^−a ₂F₁(a, c−b; c; z/(z−1)) (A&S 15.3.4),
 *    which maps z ∈ (−1, 0) into [0, ½).
 *  - z > 0 and c − a − b < 0: Euler, ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z)
 *    (A&S 15.3.3). Terms of the transformed series decay like n^(a+b−c−1)·zⁿ
 *    instead of growing like n^(a+b−c−1) with a positive exponent, so the sum
 *    stays accurate up to z ≈ 1 − 1e−6 (convergence is then geometric in z).
 */

export interface LogAbsValue {
  /** ln |F| */
  readonly logAbs: number;
  /** sign of F: 1, −1 or 0 */
  readonly sign: number;
}

const MAX_TERMS = 2_000_000;
const RESCALE_AT = 1e250;

/** ln|₂F₁(a, b; c; z)| and its sign, for |z| < 1 and c not a non-positive integer. */
export function logAbsHyp2f1(a: number, b: number, c: number, z: number): LogAbsValue {
  if (!(Math.abs(z) < 1)) throw new RangeError(`hyp2f1 needs |z| < 1, got z = ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1 undefined for c = ${c}`);
  if (z < 0) {
    const inner = seriesLogAbs(a, c - b, c, z / (z - 1));
    return { logAbs: -a * Math.log1p(-z) + inner.logAbs, sign: inner.sign };
  }
  if (c - a - b < 0 && z > 0) {
    const inner = seriesLogAbs(c - a, c - b, c, z);
    return { logAbs: (c - a - b) * Math.log1p(-z) + inner.logAbs, sign: inner.sign };
  }
  return seriesLogAbs(a, b, c, z);
}

/** ₂F₁(a, b; c; z) for |z| < 1 (may overflow to ±Infinity where ln|F| would not). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const { logAbs, sign } = logAbsHyp2f1(a, b, c, z);
  return sign * Math.exp(logAbs);
}

function seriesLogAbs(a: number, b: number, c: number, z: number): LogAbsValue {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (term === 0) break;
    const absTerm = Math.abs(term);
    if (absTerm > RESCALE_AT || Math.abs(sum) > RESCALE_AT) {
      term /= RESCALE_AT;
      sum /= RESCALE_AT;
      logScale += Math.log(RESCALE_AT);
    }
    // Stop once terms are negligible *and* shrinking (the ratio of successive
    // terms tends to z < 1, but early terms may grow).
    if (n > 1 && absTerm <= 1e-17 * Math.abs(sum) && Math.abs(((a + n + 1) * (b + n + 1)) / ((c + n + 1) * (n + 2))) * Math.abs(z) < 1) {
      break;
    }
  }
  if (sum === 0) return { logAbs: -Infinity, sign: 0 };
  return { logAbs: logScale + Math.log(Math.abs(sum)), sign: sum > 0 ? 1 : -1 };
}
