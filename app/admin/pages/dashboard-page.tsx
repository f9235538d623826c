import { Badge, BlockStack, Card, InlineGrid, InlineStack, Layout, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import type { DashboardResponse, MetricValue } from "../api-types";
import { CardHeading } from "../components/card-heading";
import { CohortHeatmap } from "../components/cohort-heatmap";
import { HelpTip } from "../components/help-tip";
import { MetricCard } from "../components/metric-card";
import { CardGridSkeleton, CardSkeleton, EmptyCard, Loaded } from "../components/page-states";
import { RepeatHistogram } from "../components/repeat-histogram";
import { SegmentBars } from "../components/segment-bars";
import { formatMoney, formatNumber, formatPercent, formatPointChange, formatSignedPercent } from "../format";
import { strings } from "../i18n";
import { useApi } from "../use-api";

const PERIODS = ["30", "90", "365"];

export function DashboardPage() {
  const t = strings.dashboard;
  const [period, setPeriod] = useState("30");
  const state = useApi<DashboardResponse>(`/dashboard?period=${period}`);
  return (
    <Page title={t.title} subtitle={t.subtitle}>
      <BlockStack gap="400">
        <InlineStack align="end">
          <div style={{ minWidth: 200 }}>
            <Select label={t.period} labelInline options={PERIODS.map((value) => ({ value, label: t.periods[value] }))} value={period} onChange={setPeriod} />
          </div>
        </InlineStack>
        <Loaded
          state={state}
          skeleton={
            <BlockStack gap="400">
              <CardGridSkeleton count={7} columns={4} />
              <CardSkeleton lines={8} />
            </BlockStack>
          }
        >
          {(data) => (data.hasHistory ? <Dashboard data={data} /> : <EmptyCard heading={t.emptyTitle}>{t.emptyBody}</EmptyCard>)}
        </Loaded>
      </BlockStack>
    </Page>
  );
}

function Dashboard({ data }: { data: DashboardResponse }) {
  const t = strings.dashboard;
  return (
    <Layout>
      <Layout.Section>
        <div data-period-metrics>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 2, lg: 4 }} gap="400">
            {data.metrics.map((metric) => {
              const { label, help } = t.metrics[metric.id];
              return (
                <MetricCard
                  key={metric.id}
                  id={metric.id}
                  label={typeof label === "function" ? label(data.period) : label}
                  help={help}
                  value={metric.current}
                  display={formatValue(metric, metric.current, data.currency)}
                  footer={<ChangeBadge metric={metric} />}
                />
              );
            })}
          </InlineGrid>
        </div>
      </Layout.Section>
      <Layout.Section>
        <AllTimeCard totals={data.totals} currency={data.currency} />
      </Layout.Section>
      <Layout.Section>
        <Card>
          <BlockStack gap="300">
            <CardHeading title={t.cohortsTitle} help={t.cohortsHelp} />
            <CohortHeatmap cohorts={data.cohorts} />
          </BlockStack>
        </Card>
      </Layout.Section>
      {data.scoredCustomers === 0 ? (
        <Layout.Section>
          <EmptyCard heading={t.noScoresTitle}>{t.noScoresBody}</EmptyCard>
        </Layout.Section>
      ) : (
        <>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <CardHeading title={t.repeatTitle} help={t.repeatHelp} />
                <div data-repeat-card>
                  <RepeatHistogram bins={data.repeatDistribution} label={t.repeatTitle} />
                </div>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <div data-segments-card>
                <BlockStack gap="400">
                  <CardHeading title={t.segmentsTitle} help={t.segmentsHelp} />
                  <InlineGrid columns={{ xs: 1, lg: 2 }} gap="600">
                    <SegmentGroup title={t.valueLadder} segments={data.segments.ladder} testId="ladder" />
                    <SegmentGroup title={t.rfmGroups} segments={data.segments.rfm.filter((row) => row.segment !== "prospects")} testId="rfm" />
                  </InlineGrid>
                </BlockStack>
              </div>
            </Card>
          </Layout.Section>
        </>
      )}
    </Layout>
  );
}

function SegmentGroup({ title, segments, testId }: { title: string; segments: DashboardResponse["segments"]["rfm"]; testId: string }) {
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      <SegmentBars title={title} segments={segments} testId={testId} />
    </BlockStack>
  );
}

/** The to-date figures, apart from the period row: they do not change with the period and have no "vs previous". */
function AllTimeCard({ totals, currency }: { totals: DashboardResponse["totals"]; currency: string }) {
  const t = strings.dashboard.allTime;
  const figures: [keyof typeof totals & string, string][] = [
    ["customers", formatNumber(totals.customers)],
    ["orders", formatNumber(totals.orders)],
    ["averageOrderValue", formatMoney(totals.averageOrderValue, currency)],
    ["customerLifetimeValue", formatMoney(totals.customerLifetimeValue, currency)],
  ];
  return (
    <Card>
      <div data-all-time>
        <BlockStack gap="300">
          <CardHeading title={t.title} help={t.help} />
          <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="400">
            {figures.map(([id, display]) => (
              <BlockStack key={id} gap="100">
                <InlineStack gap="100" blockAlign="center" wrap={false}>
                  <Text as="h3" variant="headingSm" tone="subdued">
                    {t.totals[id].label}
                  </Text>
                  <HelpTip help={t.totals[id].help} />
                </InlineStack>
                <Text as="p" variant="headingXl">
                  <span data-total={id} data-value={String(totals[id])}>
                    {display}
                  </span>
                </Text>
              </BlockStack>
            ))}
          </InlineGrid>
        </BlockStack>
      </div>
    </Card>
  );
}

function formatValue(metric: MetricValue, value: number, currency: string): string {
  if (metric.unit === "rate") return formatPercent(value);
  if (metric.unit === "money") return formatMoney(value, currency);
  return formatNumber(value, 2);
}

function ChangeBadge({ metric }: { metric: MetricValue }) {
  const t = strings.dashboard;
  if (metric.change === null) {
    return (
      <Text as="p" tone="subdued" variant="bodySm">
        {t.noComparison}
      </Text>
    );
  }
  const text = metric.unit === "rate" ? formatPointChange(metric.change) : metric.relativeChange !== null ? formatSignedPercent(metric.relativeChange) : formatNumber(metric.change, 2);
  const better = metric.change === 0 ? null : metric.change > 0 !== metric.lowerIsBetter;
  return (
    <InlineStack gap="100" blockAlign="center">
      <Badge tone={better === null ? undefined : better ? "success" : "critical"}>{text}</Badge>
      <Text as="span" tone="subdued" variant="bodySm">
        {t.vsPrevious}
      </Text>
    </InlineStack>
  );
}
