/**
 * Seasonal windows: date ranges that repeat every year ("1 Dec to 6 Jan"), so an offer can be live "not all
 * year round". Each window is inclusive at both ends and may wrap the year end (from > to); a window whose
 * from equals its to is one day. No windows means all year.
 *
 * Dates are calendar days in UTC: the shop's time zone is not stored, and a window edge a few hours off in
 * the shop's evening is immaterial for a seasonal offer.
 *
 * 29 February: in a year without one, an edge on 02-29 counts as 02-28 (the last day of February), the same
 * rule as for birthdays (birthday-dates.ts), so "02-29 to 02-29" is live once every year, not once in four.
 */
import type { FieldProblem } from "./offer";

export interface SeasonalWindow {
  /** "MM-DD", inclusive. */
  from: string;
  /** "MM-DD", inclusive; before `from` when the window wraps the year end. */
  to: string;
}

export const MAX_SEASONAL_WINDOWS = 12;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** A valid "MM-DD" (29 February included, it exists in some years), or null. */
export function parseMonthDay(text: string): { month: number; day: number } | null {
  const match = MONTH_DAY.exec(text);
  if (!match) return null;
  const month = Number(match[1]);
  const day = Number(match[2]);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return null;
  return { month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** month × 100 + day: orders the days of a year. */
function ordinal(month: number, day: number): number {
  return month * 100 + day;
}

/** An edge's ordinal in `year`: 02-29 is 02-28 in a year without it. */
function edgeOrdinal(text: string, year: number): number {
  const { month, day } = parseMonthDay(text)!;
  return month === 2 && day === 29 && !isLeapYear(year) ? ordinal(2, 28) : ordinal(month, day);
}

/** Whether `now` (its UTC calendar day) falls in any of the windows; [] is all year. */
export function isInSeasonalWindows(windows: readonly SeasonalWindow[], now: Date): boolean {
  if (windows.length === 0) return true;
  const year = now.getUTCFullYear();
  const today = ordinal(now.getUTCMonth() + 1, now.getUTCDate());
  return windows.some((window) => {
    if (!parseMonthDay(window.from) || !parseMonthDay(window.to)) return false;
    const from = edgeOrdinal(window.from, year);
    const to = edgeOrdinal(window.to, year);
    return from <= to ? today >= from && today <= to : today >= from || today <= to;
  });
}

/** Field problems named as the API's fields (`seasonalWindows.0.from`), in the merchant's words. */
export function seasonalWindowProblems(windows: readonly SeasonalWindow[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (windows.length > MAX_SEASONAL_WINDOWS) {
    problems.push({ field: "seasonalWindows", message: `Use at most ${MAX_SEASONAL_WINDOWS} date ranges` });
  }
  windows.forEach((window, index) => {
    for (const edge of ["from", "to"] as const) {
      if (!parseMonthDay(window[edge])) {
        problems.push({ field: `seasonalWindows.${index}.${edge}`, message: "Enter a day of the year as MM-DD, such as 12-24" });
      }
    }
  });
  return problems;
}
