import { Badge } from "@shopify/polaris";
import type { OfferVerdict } from "../api-types";
import { formatMoney } from "../format";
import { strings } from "../i18n";

const TONES = { pays: "success", does_not_pay_yet: "warning", not_enough_data: undefined } as const;

/** "Pays" / "Does not pay yet" / "Not enough data", as a badge whose tone says which. */
export function VerdictBadge({ verdict }: { verdict: OfferVerdict }) {
  return (
    <span data-verdict={verdict.verdict}>
      <Badge tone={TONES[verdict.verdict]}>{strings.offerResults.verdicts[verdict.verdict]}</Badge>
    </span>
  );
}

/** The verdict's reason in one sentence, with the numbers it rests on. */
export function verdictReason(verdict: OfferVerdict, currency: string): string {
  const t = strings.offerResults.reasons;
  const money = (value: number | null) => formatMoney(value ?? 0, currency);
  switch (verdict.reason) {
    case "too_few_measured":
      return t.too_few_measured(verdict.minMeasuredPerGroup, verdict.measured.issued, verdict.measured.control);
    case "no_significant_lift":
      return t.no_significant_lift;
    case "cost_exceeds_gain":
      return t.cost_exceeds_gain(money(verdict.incrementalRevenuePerCode), money(verdict.costPerCode));
    case "gain_covers_cost":
      return t.gain_covers_cost(money(verdict.incrementalRevenuePerCode), money(verdict.costPerCode));
  }
}
