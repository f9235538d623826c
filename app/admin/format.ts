const locale = "en-US";

export function formatNumber(value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}

export function formatPercent(value: number): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
}

export function formatMoney(value: number, currency: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(value);
}
