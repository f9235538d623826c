import { BlockStack, IndexTable, InlineStack, Text, Tooltip } from "@shopify/polaris";
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
          ? number(formatPointChange(result.lift.difference), t.interval(formatPointChange(result.lift.interval.lower).replace(" pp", ""), formatPointChange(result.lift.interval.upper)), "lift")
          : number(strings.common.notAvailable)}
      </IndexTable.Cell>
      <IndexTable.Cell>
        {/* The reason on hover and focus: a sentence per row left no room for the other columns. */}
        <Tooltip content={verdictReason(result.verdict, currency)} preferredPosition="above">
          <span tabIndex={0} aria-label={`${t.verdicts[result.verdict.verdict]}: ${verdictReason(result.verdict, currency)}`}>
            <VerdictBadge verdict={result.verdict} />
          </span>
        </Tooltip>
      </IndexTable.Cell>
    </>
  );
}

/** The same results in a few lines, for the list on a phone. */
export function OfferResultSummary({ result, currency, state }: { result: OfferResult | null; currency: string; state: "loading" | "error" | "ready" }) {
  if (!result) {
    return (
      <Text as="span" tone="subdued">
        {state === "loading" ? t.loading : strings.common.notAvailable}
      </Text>
    );
  }
  return (
    <BlockStack gap="100">
      <Text as="p" variant="bodySm" numeric>
        {t.summary(
          formatNumber(result.issued),
          formatNumber(result.redeemed),
          formatMoney(result.attributedRevenue, currency),
          formatMoney(result.discountCost, currency),
        )}
      </Text>
      {result.lift && (
        <Text as="p" variant="bodySm" numeric>
          {t.columns.lift}: {formatPointChange(result.lift.difference)} ({t.interval(formatPointChange(result.lift.interval.lower).replace(" pp", ""), formatPointChange(result.lift.interval.upper))})
        </Text>
      )}
      <InlineStack gap="200" blockAlign="center" wrap={false}>
        <VerdictBadge verdict={result.verdict} />
      </InlineStack>
      <Text as="p" variant="bodySm" tone="subdued">
        {verdictReason(result.verdict, currency)}
      </Text>
    </BlockStack>
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
