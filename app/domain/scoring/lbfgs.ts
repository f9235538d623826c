/**
 * Limited-memory BFGS minimiser with a strong-Wolfe line search
 * (Nocedal & Wright, Numerical Optimization, 2nd ed.: two-loop recursion
 * Alg. 7.4, line search Alg. 3.5 with zoom Alg. 3.6).
 *
 * Written here because no maintained L-BFGS package exists in the npm
 * registry lists available to the project. The models fit 3–4 log-parameters,
 * so the dense-vector arithmetic below is not a bottleneck: the objective is.
 *
 * A non-finite objective value is treated as "too far": the line search
 * shrinks the step, so parameters that overflow a likelihood are never taken.
 */

/** Computes f(x), writes ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface MinimizeOptions {
  /** Stop when max |∂f/∂xᵢ| ≤ this (default 1e-8). */
  gradientTolerance?: number;
  /** Maximum number of quasi-Newton iterations (default 500). */
  maxIterations?: number;
  /** Number of correction pairs kept (default 8). */
  memory?: number;
  /**
   * Correction pairs from a previous run on a similar objective (e.g. the
   * same likelihood on a subsample): the first steps are then quasi-Newton
   * steps instead of badly scaled steepest descent.
   */
  initialCurvature?: CurvaturePairs;
}

/** L-BFGS memory: steps sᵢ and gradient changes yᵢ. */
export interface CurvaturePairs {
  readonly s: readonly Float64Array[];
  readonly y: readonly Float64Array[];
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  /** max |∂f/∂xᵢ| at the returned point */
  gradientNorm: number;
  converged: boolean;
  message: string;
  curvature: CurvaturePairs;
}

const C1 = 1e-4; // sufficient decrease (Armijo)
const C2 = 0.9; // curvature, the usual value for quasi-Newton directions
const MAX_LINE_SEARCH_STEPS = 25;
/** Bracket refinements; near the optimum f differences are rounding noise, so more rarely help. */
const MAX_ZOOM_STEPS = 12;
/**
 * Relative decrease of f below which an iteration counts as stalled: sums of
 * a million likelihood terms are only accurate to ~1e-13 relative, and
 * chasing decreases below that costs dozens of evaluations for nothing.
 */
const STALL_RELATIVE_DECREASE = 1e-14;
/**
 * Gradient size accepted as converged when rounding in f stops progress. The
 * fits minimise a per-customer mean, so 1e-6 moves ln(param) by ~1e-6/curvature.
 */
const PRECISION_GRADIENT = 1e-6;

export function minimizeLbfgs(objective: Objective, start: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const gtol = options.gradientTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 500;
  const memory = options.memory ?? 8;
  const n = start.length;
  let evaluations = 0;
  const evaluate = (point: Float64Array, gradient: Float64Array): number => {
    evaluations++;
    const value = objective(point, gradient);
    return Number.isFinite(value) && allFinite(gradient) ? value : Infinity;
  };

  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = evaluate(x, g);
  if (!Number.isFinite(f)) {
    return { x, value: f, gradient: g, iterations: 0, evaluations, gradientNorm: NaN, converged: false, message: "objective not finite at the starting point", curvature: { s: [], y: [] } };
  }
  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  if (options.initialCurvature) {
    const { s, y } = options.initialCurvature;
    for (let j = Math.max(0, s.length - memory); j < s.length; j++) {
      const sy = dot(s[j], y[j]);
      if (sy > 0 && s[j].length === n) {
        sHistory.push(Float64Array.from(s[j]));
        yHistory.push(Float64Array.from(y[j]));
        rhoHistory.push(1 / sy);
      }
    }
  }
  const direction = new Float64Array(n);
  const alphas = new Float64Array(memory);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let iterations = 0;
  let message = "maximum iterations reached";
  let converged = false;
  let stalled = 0;

  while (iterations < maxIterations) {
    if (maxAbs(g) <= gtol) {
      converged = true;
      message = "gradient below tolerance";
      break;
    }
    // Two-loop recursion: direction = −H·g (Alg. 7.4), H₀ = γI with γ = sᵀy/yᵀy (eq. 7.20).
    for (let i = 0; i < n; i++) direction[i] = -g[i];
    const k = sHistory.length;
    for (let j = k - 1; j >= 0; j--) {
      alphas[j] = rhoHistory[j] * dot(sHistory[j], direction);
      axpy(-alphas[j], yHistory[j], direction);
    }
    if (k > 0) {
      const gamma = dot(sHistory[k - 1], yHistory[k - 1]) / dot(yHistory[k - 1], yHistory[k - 1]);
      for (let i = 0; i < n; i++) direction[i] *= gamma;
    }
    for (let j = 0; j < k; j++) {
      const beta = rhoHistory[j] * dot(yHistory[j], direction);
      axpy(alphas[j] - beta, sHistory[j], direction);
    }
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sHistory.length = yHistory.length = rhoHistory.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i];
      slope = dot(g, direction);
    }
    const firstStep = k === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const search = strongWolfeLineSearch(evaluate, x, f, slope, direction, firstStep, xNew, gNew);
    if (search === null) {
      if (sHistory.length > 0 && maxAbs(g) > PRECISION_GRADIENT) {
        sHistory.length = yHistory.length = rhoHistory.length = 0;
        continue;
      }
      // No step decreases f any more: we are at the optimum to machine
      // precision when the gradient is small, otherwise genuinely stuck.
      converged = maxAbs(g) <= Math.max(gtol, PRECISION_GRADIENT);
      message = converged ? "optimum reached at machine precision" : "line search failed";
      break;
    }
    iterations++;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-14 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (sHistory.length === memory) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
    }
    const decrease = f - search.value;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = search.value;
    // Stop when the objective no longer moves at machine precision for a few
    // iterations; the gradient test above decides whether that is convergence.
    stalled = decrease <= STALL_RELATIVE_DECREASE * Math.max(1, Math.abs(f)) ? stalled + 1 : 0;
    if (stalled >= 2) {
      converged = maxAbs(g) <= Math.max(gtol, PRECISION_GRADIENT);
      message = "objective change below machine precision";
      break;
    }
  }
  return { x, value: f, gradient: g, iterations, evaluations, gradientNorm: maxAbs(g), converged, message, curvature: { s: sHistory, y: yHistory } };
}

interface LineSearchResult {
  step: number;
  value: number;
}

/**
 * Finds a step satisfying the strong Wolfe conditions along `direction`;
 * leaves the accepted point and its gradient in xOut/gOut.
 */
function strongWolfeLineSearch(
  evaluate: (x: Float64Array, g: Float64Array) => number,
  x: Float64Array,
  f0: number,
  slope0: number,
  direction: Float64Array,
  firstStep: number,
  xOut: Float64Array,
  gOut: Float64Array,
): LineSearchResult | null {
  const n = x.length;
  const at = (step: number): { value: number; slope: number } => {
    for (let i = 0; i < n; i++) xOut[i] = x[i] + step * direction[i];
    const value = evaluate(xOut, gOut);
    return { value, slope: Number.isFinite(value) ? dot(gOut, direction) : NaN };
  };
  let previousStep = 0;
  let previousValue = f0;
  let previousSlope = slope0;
  let step = firstStep;
  for (let i = 0; i < MAX_LINE_SEARCH_STEPS; i++) {
    const trial = at(step);
    if (!Number.isFinite(trial.value) || trial.value > f0 + C1 * step * slope0 || (i > 0 && trial.value >= previousValue)) {
      return zoom(previousStep, previousValue, previousSlope, step, trial.value);
    }
    if (Math.abs(trial.slope) <= -C2 * slope0) return { step, value: trial.value };
    if (trial.slope >= 0) return zoom(step, trial.value, trial.slope, previousStep, previousValue);
    previousStep = step;
    previousValue = trial.value;
    previousSlope = trial.slope;
    step *= 2.5;
  }
  return null;

  function zoom(lo: number, fLo: number, slopeLo: number, hi: number, fHi: number): LineSearchResult | null {
    for (let j = 0; j < MAX_ZOOM_STEPS; j++) {
      const width = hi - lo;
      // Quadratic interpolation from f(lo), f'(lo), f(hi), safeguarded to the
      // middle 80 % of the bracket; bisection when f(hi) is not finite.
      let step = lo + width / 2;
      if (Number.isFinite(fHi)) {
        const denominator = 2 * (fHi - fLo - slopeLo * width);
        if (denominator > 0) {
          const candidate = lo - (slopeLo * width * width) / denominator;
          const low = Math.min(lo, hi) + 0.1 * Math.abs(width);
          const high = Math.max(lo, hi) - 0.1 * Math.abs(width);
          step = Math.min(high, Math.max(low, candidate));
        }
      }
      const trial = at(step);
      if (!Number.isFinite(trial.value) || trial.value > f0 + C1 * step * slope0 || trial.value >= fLo) {
        hi = step;
        fHi = trial.value;
      } else {
        if (Math.abs(trial.slope) <= -C2 * slope0) return { step, value: trial.value };
        if (trial.slope * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
        }
        lo = step;
        fLo = trial.value;
        slopeLo = trial.slope;
      }
      if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) break;
    }
    // Bracket collapsed: accept the best point with sufficient decrease, if any.
    if (lo > 0 && fLo < f0) {
      const value = at(lo).value;
      return { step: lo, value };
    }
    return null;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}
