/**
 * I(τ) = ∫_τ^∞ (A+u)^−p (B+u)^−q du for A, B ≥ 0, p, q > 0, p + q > 1,
 * with its partial derivatives, in log space.
 *
 * This integral is the core of the Pareto/NBD: the likelihood's A₀ term
 * (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related
 * expressions", eq. 22–23) is (r+s+x)·[I(t_x) − I(T)] with p = r+x, q = s+1,
 * and P(at least one purchase in (T, T+t]) is a difference of two such
 * integrals (see pareto-nbd.ts). The note writes I with
 * ₂F₁(p+q−1, q; p+q; z)/(p+q−1), z = (A−B)/(A+τ) when A ≥ B. Applying Euler's
 * transformation (A&S 15.3.3) with c − a − b = 1 − q gives
 *
 *   I(τ) = (A+τ)^−p (B+τ)^(1−q) G(p, p+q; z) / (p+q−1),
 *   G(c₁, c₂; z) = ₂F₁(1, c₁; c₂; z) = Σₙ (c₁)ₙ/(c₂)ₙ zⁿ,
 *
 * (roles of A,p and B,q swapped when B > A). Every term of G is positive and
 * the terms decrease, so G is summed without cancellation; its derivatives in
 * c₁, c₂ and z come from the same loop, which is what gives the Pareto/NBD
 * fit analytic gradients.
 */

/** Output of {@link logPowerTailIntegral}: ln I and ∂ ln I / ∂(A, B, p, q). */
export interface LogTailIntegral {
  logValue: number;
  dA: number;
  dB: number;
  dp: number;
  dq: number;
}

const MAX_TERMS = 1_000_000;

/** Reusable output object to avoid allocation in hot loops. */
export function newLogTailIntegral(): LogTailIntegral {
  return { logValue: 0, dA: 0, dB: 0, dp: 0, dq: 0 };
}

/**
 * Writes ln I(τ) and its gradient into `out` (and returns it).
 * Set `withGradient` to false to skip the derivative sums.
 */
export function logPowerTailIntegral(
  A: number,
  B: number,
  p: number,
  q: number,
  tau: number,
  out: LogTailIntegral = newLogTailIntegral(),
  withGradient = true,
): LogTailIntegral {
  if (A >= B) {
    evaluate(A, B, p, q, tau, out, withGradient);
  } else {
    // Symmetric in (A, p) ↔ (B, q).
    evaluate(B, A, q, p, tau, out, withGradient);
    let swap = out.dA;
    out.dA = out.dB;
    out.dB = swap;
    swap = out.dp;
    out.dp = out.dq;
    out.dq = swap;
  }
  return out;
}

function evaluate(A: number, B: number, p: number, q: number, tau: number, out: LogTailIntegral, withGradient: boolean): void {
  const Atau = A + tau;
  const Btau = B + tau;
  const z = (A - B) / Atau; // in [0, 1)
  const c1 = p;
  const c2 = p + q;
  // G = Σ gₙ with g₀ = 1 and gₙ₊₁ = gₙ·(c₁+n)/(c₂+n)·z. Termwise derivatives:
  // ∂gₙ/∂c₁ = gₙ Σ_{k<n} 1/(c₁+k), ∂gₙ/∂c₂ = −gₙ Σ_{k<n} 1/(c₂+k), ∂gₙ/∂z = n·hₙ
  // with hₙ = gₙ/z tracked directly so that z = 0 (A = B) needs no division.
  let G = 1;
  let Gc1 = 0;
  let Gc2 = 0;
  let Gz = 0;
  let s1 = 0;
  let s2 = 0;
  let h = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    const ratio = (c1 + n) / (c2 + n);
    h = n === 0 ? ratio : h * ratio * z; // hₙ₊₁
    const g = h * z; // gₙ₊₁
    G += g;
    if (withGradient) {
      s1 += 1 / (c1 + n);
      s2 += 1 / (c2 + n);
      Gc1 += g * s1;
      Gc2 -= g * s2;
      Gz += (n + 1) * h;
    }
    if (g <= 1e-17 * G && (!withGradient || (n + 1) * h <= 1e-17 * Gz)) break;
  }
  const m = p + q - 1;
  out.logValue = -p * Math.log(Atau) + (1 - q) * Math.log(Btau) + Math.log(G) - Math.log(m);
  if (!withGradient) return;
  const dlogGdz = Gz / G;
  // z = (A−B)/(A+τ): ∂z/∂A = (B+τ)/(A+τ)², ∂z/∂B = −1/(A+τ)
  out.dA = -p / Atau + dlogGdz * (Btau / (Atau * Atau));
  out.dB = (1 - q) / Btau - dlogGdz / Atau;
  out.dp = -Math.log(Atau) + (Gc1 + Gc2) / G - 1 / m;
  out.dq = -Math.log(Btau) + Gc2 / G - 1 / m;
}
