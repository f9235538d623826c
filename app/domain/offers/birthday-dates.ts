/**
 * Birthday date math for birthday offers. A birth date is "YYYY-MM-DD" as the storefront sign-up collects it
 * (Shopify's facts.birth_date metafield); only its month and day matter. Days are UTC calendar days (the
 * shop's time zone is not stored; see seasonal-windows.ts).
 *
 * 29 February: in a year without one, the birthday is 28 February (the day before 1 March, when most
 * people born on the 29th celebrate within the month they were born in).
 */
import { isLeapYear, parseMonthDay } from "./seasonal-windows";

const MS_PER_DAY = 86_400_000;

/**
 * A birthday code stays valid until the end of this many days after the birthday: "around the date", so a
 * birthday spent away from the shop still gets to use it. It becomes usable when issued, leadDays before.
 */
export const BIRTHDAY_DAYS_AFTER = 7;

/** The longest lead a birthday offer may have (issue the code at most this many days before). */
export const MAX_BIRTHDAY_LEAD_DAYS = 60;

/** Month and day of a valid "YYYY-MM-DD" (a real calendar date, 29 February only in leap years), or null. */
export function parseBirthDate(text: string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2}-\d{2})$/.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const monthDay = parseMonthDay(match[2]);
  if (!monthDay || year < 1900) return null;
  if (monthDay.month === 2 && monthDay.day === 29 && !isLeapYear(year)) return null;
  return { year, ...monthDay };
}

/** Midnight UTC of the day `date` falls on. */
export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * MS_PER_DAY);
}

/** The birthday in `year` (midnight UTC); 29 February is 28 February in a year without one. */
export function birthdayInYear(birthDate: string, year: number): Date {
  const parsed = parseBirthDate(birthDate);
  if (!parsed) throw new RangeError(`not a birth date: ${birthDate}`);
  const day = parsed.month === 2 && parsed.day === 29 && !isLeapYear(year) ? 28 : parsed.day;
  return new Date(Date.UTC(year, parsed.month - 1, day));
}

/** The next birthday on or after `today`'s UTC day (today itself when it is the birthday). */
export function nextBirthday(birthDate: string, today: Date): Date {
  const day = startOfUtcDay(today);
  const thisYear = birthdayInYear(birthDate, day.getUTCFullYear());
  return thisYear.getTime() >= day.getTime() ? thisYear : birthdayInYear(birthDate, day.getUTCFullYear() + 1);
}

/** Whole days from `now`'s UTC day to the birthday (0 on the day). */
export function daysUntil(birthday: Date, now: Date): number {
  return Math.round((startOfUtcDay(birthday).getTime() - startOfUtcDay(now).getTime()) / MS_PER_DAY);
}

/**
 * The validity of a birthday code issued at `now` for the birthday on `birthday`: from now (leadDays before,
 * when the daily job issues it on time) until the end of the BIRTHDAY_DAYS_AFTER-th day after the birthday.
 */
export function birthdayCodeValidity(birthday: Date, now: Date): { startsAt: Date; expiresAt: Date } {
  return { startsAt: now, expiresAt: addDays(startOfUtcDay(birthday), BIRTHDAY_DAYS_AFTER + 1) };
}

/**
 * The birthdays falling on each day from `today` to `today + leadDays` (inclusive), as the stored birth
 * dates' "MM-DD" that celebrate on that day and the year it is in: what a daily job looks up. On 28 February
 * of a year without a 29th, "02-29" is due too. `year` names the occasion (the once-per-year subject key).
 */
export function birthdaysDueWithin(today: Date, leadDays: number): { monthDay: string; year: number; birthday: Date }[] {
  const due: { monthDay: string; year: number; birthday: Date }[] = [];
  const first = startOfUtcDay(today);
  for (let offset = 0; offset <= leadDays; offset++) {
    const day = addDays(first, offset);
    const year = day.getUTCFullYear();
    const monthDay = day.toISOString().slice(5, 10);
    due.push({ monthDay, year, birthday: day });
    if (monthDay === "02-28" && !isLeapYear(year)) due.push({ monthDay: "02-29", year, birthday: day });
  }
  return due;
}
