/**
 * Weak population priors for small shops (MAP estimation).
 *
 * Each parameter gets ln(param) ~ N(ln(centre), 1.5²): a factor of e^1.5 ≈ 4.5
 * either way is one standard deviation, so a few hundred customers override
 * the prior entirely while a 50-customer shop is pulled towards typical
 * e-commerce behaviour instead of degenerate MLEs (r → 0, a → ∞, …).
 *
 * Centres (in days, converted to the fit's unit):
 *  - BG/NBD: r = 0.5, α = 60 days → mean purchase rate while active r/α ≈ one
 *    order every 120 days, heterogeneous (r < 1); a = 1, b = 3 → mean dropout
 *    probability after each purchase a/(a+b) = 0.25. CDNOW (r = 0.24,
 *    α = 31 days, a = 0.79, b = 2.43) lies within one SD on every axis.
 *  - Pareto/NBD: r = 0.5, α = 60 days, s = 0.5, β = 180 days.
 *  - Gamma-Gamma: p = 6, q = 4 (CDNOW: 6.25, 3.74) and γ centred so that the
 *    prior mean spend pγ/(q−1) equals the shop's own mean order value (γ is in
 *    currency units, so only the shop can set its scale).
 */
import type { LogParameterPrior } from "./log-parameter-fit";
import { daysToUnit, type TimeUnit } from "./time-unit";

export const PRIOR_LOG_SD = 1.5;

export const BGNBD_PRIOR_CENTRE_DAYS = { r: 0.5, alpha: 60, a: 1, b: 3 } as const;
export const PARETO_NBD_PRIOR_CENTRE_DAYS = { r: 0.5, alpha: 60, s: 0.5, beta: 180 } as const;
export const GAMMA_GAMMA_PRIOR_SHAPES = { p: 6, q: 4 } as const;

function logNormal(centres: number[]): LogParameterPrior {
  return { logMean: centres.map(Math.log), logSd: centres.map(() => PRIOR_LOG_SD) };
}

/** Prior on ln(r, α, a, b) with α in `timeUnit`. */
export function bgNbdPopulationPrior(timeUnit: TimeUnit): LogParameterPrior {
  const c = BGNBD_PRIOR_CENTRE_DAYS;
  return logNormal([c.r, daysToUnit(c.alpha, timeUnit), c.a, c.b]);
}

/** Prior on ln(r, α, s, β) with α, β in `timeUnit`. */
export function paretoNbdPopulationPrior(timeUnit: TimeUnit): LogParameterPrior {
  const c = PARETO_NBD_PRIOR_CENTRE_DAYS;
  return logNormal([c.r, daysToUnit(c.alpha, timeUnit), c.s, daysToUnit(c.beta, timeUnit)]);
}

/** Prior on ln(p, q, γ) with the prior mean spend equal to `meanOrderValue`. */
export function gammaGammaPopulationPrior(meanOrderValue: number): LogParameterPrior {
  const { p, q } = GAMMA_GAMMA_PRIOR_SHAPES;
  const gamma = (Math.max(meanOrderValue, 1e-6) * (q - 1)) / p;
  return logNormal([p, q, gamma]);
}
