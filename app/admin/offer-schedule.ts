/**
 * An offer's schedule as the form edits it: calendar days in the merchant's time zone, stored as instants.
 * `startsAt` is the first day's midnight; `endsAt` is the midnight after the last day (the policy issues
 * while decidedAt < endsAt), so "last day: 31 Jan" still issues codes on 31 January.
 */

/** "2027-01-31" → the instant of that day's local midnight (+ days); null for empty text. */
function localMidnight(day: string, addDays = 0): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(date.getTime()) ? null : date;
}

function localDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The API's startsAt / endsAt for the form's days: null when empty; text that is not a day is passed
 * through as is, so the server names the field.
 */
export function scheduleToApi(
  startsOn: string,
  endsOn: string,
  stored: { startsAt: string | null; endsAt: string | null } = { startsAt: null, endsAt: null },
): { startsAt: string | null; endsAt: string | null } {
  // A day left as loaded keeps its stored instant (an API-made offer may start at 03:41, not at midnight).
  const loaded = scheduleFromApi(stored.startsAt, stored.endsAt);
  const convert = (day: string, addDays: number, storedDay: string, storedAt: string | null) => {
    if (day.trim() === "") return null;
    if (storedAt && day === storedDay) return storedAt;
    return localMidnight(day, addDays)?.toISOString() ?? day;
  };
  return { startsAt: convert(startsOn, 0, loaded.startsOn, stored.startsAt), endsAt: convert(endsOn, 1, loaded.endsOn, stored.endsAt) };
}

/** The form's days for a stored schedule (the inverse of scheduleToApi). */
export function scheduleFromApi(startsAt: string | null, endsAt: string | null): { startsOn: string; endsOn: string } {
  return {
    startsOn: startsAt ? localDay(new Date(startsAt)) : "",
    // The last day is the one before endsAt's instant.
    endsOn: endsAt ? localDay(new Date(new Date(endsAt).getTime() - 1)) : "",
  };
}

/** True when both days are set and the last one is before the first. */
export function endsBeforeStart(startsOn: string, endsOn: string): boolean {
  const start = localMidnight(startsOn);
  const end = localMidnight(endsOn);
  return start !== null && end !== null && end.getTime() < start.getTime();
}
