/** The stages of a scoring run, in order, as app/infra/scoring/score-shop.ts reports them. */
export const SCORING_STAGES = ["reading", "fitting", "scoring", "saving"] as const;

/**
 * Rough share of a run's time per stage (demo shop and bench:scoring-job: reading and saving dominate, the
 * fit next, scoring itself is quick), so the bar moves through the stages instead of sitting at 0% until the
 * last batch is saved and jumping to 100%.
 */
const STAGE_WEIGHTS: Record<(typeof SCORING_STAGES)[number], number> = { reading: 0.3, fitting: 0.25, scoring: 0.15, saving: 0.3 };

export interface RescoreProgressView {
  /** 1-based position of the current stage, of `stages`. */
  stage: number;
  stages: number;
  phase: string;
  /** 0–100, over the whole run. */
  percent: number;
  /** "x of N customers" once the number of customers is known (from the fit on). */
  customers: { done: number; total: number } | null;
}

export function rescoreProgressView(progress: { phase: string; done: number; total: number } | null): RescoreProgressView {
  const stages = SCORING_STAGES.length;
  if (!progress) return { stage: 1, stages, phase: "reading", percent: 0, customers: null };
  if (progress.phase === "done") return { stage: stages, stages, phase: "done", percent: 100, customers: progress.total > 0 ? { done: progress.total, total: progress.total } : null };
  const index = Math.max(0, SCORING_STAGES.indexOf(progress.phase as (typeof SCORING_STAGES)[number]));
  const before = SCORING_STAGES.slice(0, index).reduce((sum, stage) => sum + STAGE_WEIGHTS[stage], 0);
  const within = progress.total > 0 ? Math.min(1, Math.max(0, progress.done / progress.total)) : 0;
  const percent = Math.round((before + STAGE_WEIGHTS[SCORING_STAGES[index]] * within) * 100);
  // While fitting, every customer is being considered: the count shows N as the size of the run.
  const customers = progress.total > 0 ? { done: progress.phase === "fitting" ? 0 : Math.min(progress.done, progress.total), total: progress.total } : null;
  return { stage: index + 1, stages, phase: SCORING_STAGES[index], percent, customers };
}
