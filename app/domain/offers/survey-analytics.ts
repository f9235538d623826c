import { RFM_GROUPS } from "../scoring/rfm-segments";
import { VALUE_LADDER } from "../scoring/value-ladder";
import { surveyReport, type SurveyReport, type SurveySettings } from "./survey";

/**
 * Survey results for the admin: counts per answer (surveyReport), per month and per customer segment. Each
 * row of `counts` is index-aligned with `answers`, so a month or a segment reads across the same columns.
 */

/** One group of the repository's aggregate: answers of one month by customers of one segment pair. */
export interface SurveyAnswerCell {
  answer: string;
  /** "YYYY-MM" (UTC) of the answer. */
  month: string;
  /** The answering customer's segments now; null for guests and customers not scored yet. */
  rfmSegment: string | null;
  loyaltySegment: string | null;
  count: number;
}

/** Segment of answers whose customer has no score (guest checkouts, customers not scored yet). */
export const UNSCORED_SEGMENT = "unscored";

export interface SurveyAnswerGroup {
  responses: number;
  /** Index-aligned with SurveyAnalytics.answers. */
  counts: number[];
  /** counts ÷ responses (0 when there are none). */
  shares: number[];
}

export interface SurveyAnalytics extends SurveyReport {
  /** Every month from the first answer to the last, empty months included, so a chart's time axis is even. */
  months: (SurveyAnswerGroup & { month: string })[];
  /** Value ladder (lovers, likers, lurkers) and RFM groups, in their usual order, unscored last; empty ones left out. */
  segments: { ladder: (SurveyAnswerGroup & { segment: string })[]; rfm: (SurveyAnswerGroup & { segment: string })[] };
}

export function surveyAnalytics(settings: Pick<SurveySettings, "question" | "options">, cells: SurveyAnswerCell[]): SurveyAnalytics {
  const totals = new Map<string, number>();
  for (const cell of cells) totals.set(cell.answer, (totals.get(cell.answer) ?? 0) + cell.count);
  const report = surveyReport(settings, [...totals].map(([answer, count]) => ({ answer, count })));
  const column = new Map(report.answers.map((row, index) => [row.answer, index]));

  const group = () => ({ responses: 0, counts: report.answers.map(() => 0) });
  const add = (target: { responses: number; counts: number[] }, cell: SurveyAnswerCell) => {
    target.responses += cell.count;
    target.counts[column.get(cell.answer)!] += cell.count;
  };
  const byMonth = new Map<string, ReturnType<typeof group>>();
  const byLadder = new Map<string, ReturnType<typeof group>>();
  const byRfm = new Map<string, ReturnType<typeof group>>();
  const into = (map: Map<string, ReturnType<typeof group>>, key: string) => map.get(key) ?? map.set(key, group()).get(key)!;
  for (const cell of cells) {
    add(into(byMonth, cell.month), cell);
    add(into(byLadder, cell.loyaltySegment ?? UNSCORED_SEGMENT), cell);
    add(into(byRfm, cell.rfmSegment ?? UNSCORED_SEGMENT), cell);
  }

  const withShares = <T extends { responses: number; counts: number[] }>(value: T) => ({
    ...value,
    shares: value.counts.map((count) => (value.responses > 0 ? count / value.responses : 0)),
  });
  const months = monthRange([...byMonth.keys()]).map((month) => withShares({ month, ...(byMonth.get(month) ?? group()) }));
  const ordered = (map: Map<string, ReturnType<typeof group>>, order: readonly string[]) => {
    const known = [...order, UNSCORED_SEGMENT];
    const rank = (segment: string) => (known.includes(segment) ? known.indexOf(segment) : known.length);
    return [...map.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((segment) => withShares({ segment, ...map.get(segment)! }));
  };
  return { ...report, months, segments: { ladder: ordered(byLadder, VALUE_LADDER), rfm: ordered(byRfm, RFM_GROUPS) } };
}

/** "2026-01" … "2026-04" from any months in between; [] for none. */
function monthRange(months: string[]): string[] {
  if (months.length === 0) return [];
  const index = (key: string) => {
    const [year, month] = key.split("-").map(Number);
    return year * 12 + month - 1;
  };
  const indices = months.map(index);
  const range: string[] = [];
  for (let at = Math.min(...indices); at <= Math.max(...indices); at++) {
    range.push(`${Math.floor(at / 12)}-${String((at % 12) + 1).padStart(2, "0")}`);
  }
  return range;
}
