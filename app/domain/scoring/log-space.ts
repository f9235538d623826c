/**
 * Arithmetic on numbers kept as logarithms, so that likelihood terms such as
 * (α+T)^−(r+x) with x = 500 never under- or overflow.
 */

/** ln(eᵃ + eᵇ) without overflow; −Infinity is the log of zero. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln Σ exp(vᵢ) over an array, shifting by the maximum first. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max === -Infinity || max === Infinity) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}

/**
 * ln(1 − eᵃ) for a ≤ 0, accurate near a = 0 and a → −∞
 * (Mächler 2012, "Accurately computing log(1 − exp(−|a|))").
 */
export function log1mExp(a: number): number {
  if (a > 0) return NaN;
  return a > -Math.LN2 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
}

/** ln(eᵃ − eᵇ) for a ≥ b; −Infinity when they are equal. */
export function logDiffExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (b >= a) return -Infinity;
  return a + log1mExp(b - a);
}

/**
 * (1 − e^(−εL)) / ε for L ≥ 0, continuous at ε = 0 where it equals L.
 * Used for the Pareto/NBD expectation at s → 1 and the BG/NBD at a → 1,
 * whose closed forms have a removable 0/0 there.
 */
export function oneMinusExpOverEpsilon(epsilon: number, L: number): number {
  const product = epsilon * L;
  if (Math.abs(product) < 1e-8) return L * (1 - product / 2 + (product * product) / 6);
  return -Math.expm1(-product) / epsilon;
}

/** 1 / (1 + eᵘ), the logistic of −u, without overflow. */
export function inverseOnePlusExp(u: number): number {
  if (u > 0) {
    const e = Math.exp(-u);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(u));
}
