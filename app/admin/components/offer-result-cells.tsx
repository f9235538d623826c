import { BlockStack, IndexTable, Text } from "@shopify/polaris";
import type { OffersPerformanceResponse } from "../api-types";
import { formatMoney, formatNumber, formatPercent, formatPointChange } from "../format";
import { strings } from "../i18n";
import { VerdictBadge, verdictReason } from "./offer-verdict";

type OfferResult = OffersPerformanceResponse["offers"][number];

const t = strings.offerResults;

/** The offers list's results columns (after the offer's terms), from GET /api/offers/performance. */
export const OFFER_RESULT_HEADINGS = [
  { title: t.columns.issued, alignment: "end" as const },
  { title: t.columns.redeemed, alignment: "end" as const },
  { title: t.columns.revenue, alignment: "end" as const },
  { title: t.columns.cost, alignment: "end" as const },
  { title: t.columns.lift, alignment: "end" as const },
  { title: t.columns.verdict },
];

/** One offer's results as IndexTable cells; placeholders while loading or when the results failed. */
export function OfferResultCells({ result, currency, state }: { result: OfferResult | null; currency: string; state: "loading" | "error" | "ready" }) {
  if (!result) {
    const placeholder = state === "loading" ? t.loading : strings.common.notAvailable;
    return (
      <>
        {OFFER_RESULT_HEADINGS.map((heading) => (
          <IndexTable.Cell key={heading.title}>
            <Text as="span" tone="subdued">
              {placeholder}
            </Text>
          </IndexTable.Cell>
        ))}
      </>
    );
  }
  const number = (value: string, subdued?: string, testId?: string) => (
    <BlockStack gap="050">
      <Text as="span" alignment="end" numeric>
        <span data-result={testId}>{value}</span>
      </Text>
      {subdued && (
        <Text as="span" alignment="end" variant="bodySm" tone="subdued" numeric>
          {subdued}
        </Text>
      )}
    </BlockStack>
  );
  return (
    <>
      <IndexTable.Cell>{number(formatNumber(result.issued), undefined, "issued")}</IndexTable.Cell>
      <IndexTable.Cell>
        {number(formatNumber(result.redeemed), result.redemptionRate === null ? undefined : t.redemptionRate(formatPercent(result.redemptionRate)), "redeemed")}
      </IndexTable.Cell>
      <IndexTable.Cell>{number(formatMoney(result.attributedRevenue, currency), undefined, "revenue")}</IndexTable.Cell>
      <IndexTable.Cell>{number(formatMoney(result.discountCost, currency), undefined, "cost")}</IndexTable.Cell>
      <IndexTable.Cell>
        {result.lift
          ? number(formatPointChange(result.lift.difference), t.interval(formatPointChange(result.lift.interval.lower), formatPointChange(result.lift.interval.upper)), "lift")
          : number(strings.common.notAvailable)}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="100" inlineAlign="start">
          <VerdictBadge verdict={result.verdict} />
          <div style={{ maxWidth: 260, whiteSpace: "normal" }}>
            <Text as="span" variant="bodySm" tone="subdued">
              {verdictReason(result.verdict, currency)}
            </Text>
          </div>
        </BlockStack>
      </IndexTable.Cell>
    </>
  );
}

/** How the results columns are computed, under the table. */
export function OfferResultsHelp({ windowDays = 90 }: { windowDays?: number }) {
  return (
    <Text as="p" variant="bodySm" tone="subdued">
      {t.help(windowDays)}
    </Text>
  );
}
