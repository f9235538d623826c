import { BlockStack, Card, InlineStack, Text, SkeletonBodyText } from "@shopify/polaris";
import type { OfferKind, OfferPerformance } from "../api-types";
import { formatMoney, formatMonth, formatNumber, formatPercent, formatPointChange } from "../format";
import { strings } from "../i18n";
import { useApi } from "../use-api";
import { CardHeading } from "./card-heading";
import { Chart } from "./charts";
import { VerdictBadge, verdictReason } from "./offer-verdict";
import { ErrorBanner } from "./page-states";

/**
 * Per-offer results: counts, the verdict, and the control-group lift with its interval and denominators.
 * The same for every kind; win-back and birthday codes go to known customers only, so no guests to explain.
 */
export function OfferPerformanceCard({ offerId, kind = "next_purchase" }: { offerId: string; kind?: OfferKind }) {
  const t = strings.offerForm;
  const performance = useApi<OfferPerformance>(`/offers/${encodeURIComponent(offerId)}/performance`);
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading title={t.performanceTitle} />
        {performance.status === "loading" && <SkeletonBodyText lines={5} />}
        {performance.status === "error" && <ErrorBanner error={performance.error} onRetry={performance.retry} />}
        {performance.status === "ready" && <PerformanceNumbers data={performance.data} kind={kind} />}
      </BlockStack>
    </Card>
  );
}

/**
 * Issued vs redeemed per month, on the page's full width: in the one-third column the chart had no room for
 * its month labels (Polaris Viz drops labels that do not fit).
 */
export function OfferTimelineCard({ offerId }: { offerId: string }) {
  const t = strings.offerForm;
  const timeline = useApi<{ months: { month: string; issued: number; redeemed: number }[] }>(`/offers/${encodeURIComponent(offerId)}/timeline`);
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading title={t.timelineTitle} help={t.timelineHelp} />
        {timeline.status === "loading" && <SkeletonBodyText lines={4} />}
        {timeline.status === "error" && <ErrorBanner error={timeline.error} onRetry={timeline.retry} />}
        {timeline.status === "ready" &&
          (timeline.data.months.length === 0 ? (
            <Text as="p" tone="subdued">
              {t.noTimeline}
            </Text>
          ) : (
            <Chart
              kind="bar"
              testId="issued-redeemed"
              label={t.timelineTitle}
              height={260}
              showLegend
              series={[
                { name: t.issuedSeries, points: timeline.data.months.map((row) => ({ key: row.month, value: row.issued })) },
                { name: t.redeemedSeries, points: timeline.data.months.map((row) => ({ key: row.month, value: row.redeemed })) },
              ]}
              formatX={formatMonth}
            />
          ))}
      </BlockStack>
    </Card>
  );
}

function Line({ label, value }: { label: string; value: string }) {
  return (
    <InlineStack align="space-between" gap="200">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" fontWeight="semibold" numeric>
        {value}
      </Text>
    </InlineStack>
  );
}

function PerformanceNumbers({ data, kind }: { data: OfferPerformance; kind: OfferKind }) {
  const t = strings.offerForm;
  const rate = (value: number | null) => (value === null ? strings.common.notAvailable : formatPercent(value));
  const { issued, control, windowDays } = data.repeat;
  return (
    <BlockStack gap="200">
      <Line label={t.issuedCount} value={formatNumber(data.issued)} />
      <Line label={t.redeemedCount} value={formatNumber(data.redeemed)} />
      <Line label={t.redemptionRate} value={rate(data.redemptionRate)} />
      <Line label={t.revenue} value={formatMoney(data.attributedRevenue, data.currency)} />
      <Line label={t.cost} value={formatMoney(data.discountCost, data.currency)} />
      <InlineStack gap="200" blockAlign="center">
        <VerdictBadge verdict={data.verdict} />
      </InlineStack>
      <Text as="p" variant="bodySm">
        <span data-verdict-reason>{verdictReason(data.verdict, data.currency)}</span>
      </Text>
      <CardHeading title={t.liftTitle} help={t.liftHelp(windowDays)} />
      <BlockStack gap="100">
        <Text as="p" variant="bodySm">
          <span data-repeat-group="issued">{t.issuedGroup(rate(issued.rate), formatNumber(issued.customers))}</span>
        </Text>
        <Text as="p" variant="bodySm">
          <span data-repeat-group="control">{t.controlGroup(rate(control.rate), formatNumber(control.customers))}</span>
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          <span data-measured-note>
            {(kind === "next_purchase" ? t.measuredNote : t.measuredNoteCustomers)(formatNumber(issued.customers), formatNumber(data.issued), windowDays)}
          </span>
        </Text>
      </BlockStack>
      {data.lift ? (
        <Text as="p" fontWeight="semibold">
          <span data-lift>{t.liftValue(formatPointChange(data.lift.difference), formatPointChange(data.lift.interval.lower), formatPointChange(data.lift.interval.upper))}</span>
        </Text>
      ) : (
        <Text as="p" tone="subdued">
          {t.liftPending}
        </Text>
      )}
    </BlockStack>
  );
}
