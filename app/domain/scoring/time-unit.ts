/**
 * Every duration in the scoring engine carries its unit. Model parameters α
 * (BG/NBD, Pareto/NBD) and β (Pareto/NBD) are rates' scales and therefore
 * depend on the unit: α in weeks = α in days / 7. Convert with these helpers,
 * never by hand.
 */

export type TimeUnit = "days" | "weeks";

export const MS_PER_DAY = 86_400_000;

/** Length of one unit in days. */
export function daysPerUnit(unit: TimeUnit): number {
  return unit === "weeks" ? 7 : 1;
}

export function daysToUnit(days: number, unit: TimeUnit): number {
  return days / daysPerUnit(unit);
}

export function unitToDays(value: number, unit: TimeUnit): number {
  return value * daysPerUnit(unit);
}

export function unitToMs(value: number, unit: TimeUnit): number {
  return value * daysPerUnit(unit) * MS_PER_DAY;
}

/** Factor f such that a duration d in `from` equals d·f in `to`. */
export function unitConversionFactor(from: TimeUnit, to: TimeUnit): number {
  return daysPerUnit(from) / daysPerUnit(to);
}
