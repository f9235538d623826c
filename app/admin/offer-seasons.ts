/**
 * An offer's seasonal windows as the form edits them: yearly date ranges, "MM-DD" at both ends (the API's
 * format, app/domain/offers/seasonal-windows.ts), picked as a month and a day so no malformed date can be typed.
 */
import { MAX_SEASONAL_WINDOWS, parseMonthDay } from "../domain/offers/seasonal-windows";
import type { SeasonalWindow } from "./api-types";
import { formatMonthDay } from "./format";
import { strings } from "./i18n";

export { MAX_SEASONAL_WINDOWS };

/** Days per month, February with its 29th: a window edge on 02-29 counts as 02-28 in other years. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const pad = (value: number) => String(value).padStart(2, "0");

/** The row a new range starts as: the whole of December. */
export const NEW_WINDOW: SeasonalWindow = { from: "12-01", to: "12-31" };

/** "11-20" → { month: "11", day: "20" }; "" for a part that is not valid. */
export function splitMonthDay(text: string): { month: string; day: string } {
  const match = /^(\d{2})-(\d{2})$/.exec(text);
  const month = match && Number(match[1]) >= 1 && Number(match[1]) <= 12 ? match[1] : "";
  const day = match && parseMonthDay(text) ? match[2] : "";
  return { month, day };
}

export function daysIn(month: string): number {
  const index = Number(month) - 1;
  return DAYS_IN_MONTH[index] ?? 31;
}

/** A new month keeps the day, or the month's last day when it has fewer (31 January → February: the 29th). */
export function withMonth(text: string, month: string): string {
  const { day } = splitMonthDay(text);
  const wanted = Number(day || "1");
  return `${month}-${pad(Math.min(wanted, daysIn(month)))}`;
}

export function withDay(text: string, day: string): string {
  const { month } = splitMonthDay(text);
  return `${month || "01"}-${day}`;
}

export function monthOptions(): { value: string; label: string }[] {
  return strings.offerSeasons.months.map((label, index) => ({ value: pad(index + 1), label }));
}

export function dayOptions(month: string): { value: string; label: string }[] {
  return Array.from({ length: daysIn(month) }, (_, index) => ({ value: pad(index + 1), label: String(index + 1) }));
}

/** True when the range runs across 31 December (20 November to 10 January). */
export function wrapsYearEnd(window: SeasonalWindow): boolean {
  return parseMonthDay(window.from) !== null && parseMonthDay(window.to) !== null && window.to < window.from;
}

/** "November 20 to January 10, every year (runs into the next year)". */
export function describeWindow(window: SeasonalWindow): string {
  const t = strings.offerSeasons;
  if (window.from === window.to) return t.oneDay(formatMonthDay(window.from, "long"));
  const text = t.summary(formatMonthDay(window.from, "long"), formatMonthDay(window.to, "long"));
  return wrapsYearEnd(window) ? `${text} (${t.wraps})` : text;
}

/** "Nov 20–Jan 10, Jun 1–Jun 30" for the offers list; "" for all year. */
export function shortWindows(windows: readonly SeasonalWindow[]): string {
  return windows.map((window) => `${formatMonthDay(window.from)}–${formatMonthDay(window.to)}`).join(", ");
}
