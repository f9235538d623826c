/**
 * Score bands of P(repeat in 90 days) used to filter the customer list: low [0, 0.2), medium [0.2, 0.5),
 * high [0.5, 1]. The bounds follow the shape of typical shops' distributions: most one-time buyers sit
 * below 0.2, while customers above 0.5 are more likely than not to come back within the quarter.
 */
export const SCORE_BANDS = {
  low: { min: 0, max: 0.2 },
  medium: { min: 0.2, max: 0.5 },
  high: { min: 0.5, max: Infinity },
} as const;

export type ScoreBand = keyof typeof SCORE_BANDS;
export const SCORE_BAND_NAMES = Object.keys(SCORE_BANDS) as ScoreBand[];

export function scoreBandOf(pRepeat90: number): ScoreBand {
  if (pRepeat90 < SCORE_BANDS.low.max) return "low";
  if (pRepeat90 < SCORE_BANDS.medium.max) return "medium";
  return "high";
}
