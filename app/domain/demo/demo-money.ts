/** Money helpers for demo data: all arithmetic is in integer cents to keep totals exact. */
import type { DemoMoney } from "./demo-types";

export function centsToMoney(cents: number, currencyCode: string): DemoMoney {
  return { amount: formatCents(cents), currencyCode };
}

/** 1250 → "12.50" (Shopify-style decimal string, always two decimals here). */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be an integer (got ${cents})`);
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}`;
}

/** "12.50" → 1250, exact for decimal strings with up to two fractional digits. */
export function moneyToCents(money: DemoMoney | string): number {
  const amount = typeof money === "string" ? money : money.amount;
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) throw new RangeError(`not a two-decimal amount: ${amount}`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  return match[1] === "-" ? -cents : cents;
}
