import { BlockStack, Card, InlineStack, Text, Badge, SkeletonBodyText } from "@shopify/polaris";
import type { OfferPerformance } from "../api-types";
import { formatMoney, formatMonth, formatNumber, formatPercent, formatPointChange } from "../format";
import { strings } from "../i18n";
import { useApi } from "../use-api";
import { CardHeading } from "./card-heading";
import { Chart } from "./charts";
import { ErrorBanner } from "./page-states";

/** Per-offer results: counts, the control-group lift with its interval, and issued vs redeemed per month. */
export function OfferPerformanceCard({ offerId }: { offerId: string }) {
  const t = strings.offerForm;
  const performance = useApi<OfferPerformance>(`/offers/${encodeURIComponent(offerId)}/performance`);
  const timeline = useApi<{ months: { month: string; issued: number; redeemed: number }[] }>(`/offers/${encodeURIComponent(offerId)}/timeline`);
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading title={t.performanceTitle} />
        {performance.status === "loading" && <SkeletonBodyText lines={5} />}
        {performance.status === "error" && <ErrorBanner error={performance.error} onRetry={performance.retry} />}
        {performance.status === "ready" && <PerformanceNumbers data={performance.data} />}
        <CardHeading title={t.timelineTitle} />
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
              height={220}
              showLegend
              series={[
                { name: t.issuedSeries, points: timeline.data.months.map((row) => ({ key: formatMonth(row.month), value: row.issued })) },
                { name: t.redeemedSeries, points: timeline.data.months.map((row) => ({ key: formatMonth(row.month), value: row.redeemed })) },
              ]}
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

function PerformanceNumbers({ data }: { data: OfferPerformance }) {
  const t = strings.offerForm;
  const rate = (value: number | null) => (value === null ? strings.common.notAvailable : formatPercent(value));
  return (
    <BlockStack gap="200">
      <Line label={t.issuedCount} value={formatNumber(data.issued)} />
      <Line label={t.redeemedCount} value={formatNumber(data.redeemed)} />
      <Line label={t.redemptionRate} value={rate(data.redemptionRate)} />
      <Line label={t.revenue} value={formatMoney(data.attributedRevenue, data.currency)} />
      <Line label={t.cost} value={formatMoney(data.discountCost, data.currency)} />
      <CardHeading title={t.liftTitle} help={t.liftHelp(data.repeat.windowDays)} />
      <Text as="p" variant="bodySm" tone="subdued">
        {t.issuedGroup(rate(data.repeat.issued.rate), data.repeat.issued.customers)} · {t.controlGroup(rate(data.repeat.control.rate), data.repeat.control.customers)}
      </Text>
      {data.lift ? (
        <InlineStack gap="200" blockAlign="center">
          <Text as="p" fontWeight="semibold">
            <span data-lift>{t.liftValue(formatPointChange(data.lift.difference), formatPointChange(data.lift.interval.lower), formatPointChange(data.lift.interval.upper))}</span>
          </Text>
          <Badge tone={data.lift.significant ? "success" : undefined}>{data.lift.significant ? t.significant : t.notSignificant}</Badge>
        </InlineStack>
      ) : (
        <Text as="p" tone="subdued">
          {t.liftPending}
        </Text>
      )}
    </BlockStack>
  );
}
