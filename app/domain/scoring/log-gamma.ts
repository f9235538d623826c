/**
 * Log-gamma, digamma and log-beta for positive real arguments.
 *
 * Why hand-written: the models need lnΓ and ψ millions of times per fit, for
 * positive arguments only. Small arguments are shifted up with the recurrence
 * Γ(x+1) = xΓ(x) until x ≥ 10, where the Stirling / de Moivre asymptotic
 * series is accurate to ~1e-16 relative (Abramowitz & Stegun 6.1.41, 6.3.18).
 * (@stdlib/math-base-special-gammaln and -digamma would do the same job.)
 */

const HALF_LOG_TWO_PI = 0.9189385332046727; // ½·ln(2π)
const SHIFT_THRESHOLD = 10;

/** ln Γ(x) for x > 0. Returns +Infinity at 0 and NaN for x < 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x === Infinity) return Infinity;
  let shift = 0;
  if (x < SHIFT_THRESHOLD) {
    // ln Γ(x) = ln Γ(x + n) − ln(x(x+1)…(x+n−1)); the product stays well inside
    // double range because x + n ≤ 10 + x.
    let product = 1;
    while (x < SHIFT_THRESHOLD) {
      product *= x;
      x += 1;
    }
    shift = Math.log(product);
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // A&S 6.1.41: 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹)
  const series =
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series - shift;
}

/** Digamma ψ(x) = d/dx ln Γ(x) for x > 0. */
export function digamma(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  let result = 0;
  // ψ(x) = ψ(x+1) − 1/x (A&S 6.3.5)
  while (x < SHIFT_THRESHOLD) {
    result -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // A&S 6.3.18: ln x − 1/(2x) − Σ B₂ₙ/(2n x²ⁿ)
  const series =
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return result + Math.log(x) - 0.5 * inv - series;
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}
