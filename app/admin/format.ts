const locale = "en-US";

export function formatNumber(value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}

/**
 * A probability in whole percent, "<1%" / ">99%" at the ends: the same rounding as the score explanation's
 * sentences (app/domain/metrics/whole-percent.ts, re-exported so admin and API cannot drift apart).
 */
export { wholePercent } from "../domain/metrics/whole-percent";

export function formatPercent(value: number): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
}

/** A change of a rate, in percentage points with a sign: "+2.1 pp". */
export function formatPointChange(change: number): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(change * 100)} pp`;
}

export function formatSignedPercent(value: number): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(value);
}

export function formatMoney(value: number, currency: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(value);
}

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(value));
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

/** "2026-03" → "Mar 2026" */
export function formatMonth(key: string): string {
  const [year, month] = key.split("-").map(Number);
  return new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(year, month - 1, 1)));
}

/** "11-20" → "Nov 20" ("long": "November 20"); the text as is when it is not a day of the year. */
export function formatMonthDay(monthDay: string, month: "short" | "long" = "short"): string {
  const match = /^(\d{2})-(\d{2})$/.exec(monthDay);
  if (!match) return monthDay;
  // A leap year, so 02-29 is a day.
  const date = new Date(Date.UTC(2000, Number(match[1]) - 1, Number(match[2])));
  if (date.getUTCMonth() !== Number(match[1]) - 1) return monthDay;
  return new Intl.DateTimeFormat(locale, { month, day: "numeric", timeZone: "UTC" }).format(date);
}
