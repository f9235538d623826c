import { Badge, BlockStack, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import type { DashboardResponse, MetricValue, SegmentSize } from "../api-types";
import { CardHeading } from "../components/card-heading";
import { Chart } from "../components/charts";
import { CohortHeatmap } from "../components/cohort-heatmap";
import { MetricCard } from "../components/metric-card";
import { CardGridSkeleton, CardSkeleton, EmptyCard, Loaded } from "../components/page-states";
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
        <InlineGrid columns={{ xs: 1, sm: 2, md: 2, lg: 4 }} gap="400">
          {data.metrics.map((metric) => (
            <MetricCard
              key={metric.id}
              id={metric.id}
              label={t.metrics[metric.id].label}
              help={t.metrics[metric.id].help}
              value={metric.current}
              display={formatValue(metric, metric.current, data.currency)}
              footer={<ChangeBadge metric={metric} />}
            />
          ))}
        </InlineGrid>
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
                <Chart
                  kind="bar"
                  testId="repeat-distribution"
                  label={t.repeatTitle}
                  series={[
                    {
                      name: t.repeatSeries,
                      points: data.repeatDistribution.map((bin) => ({ key: `${Math.round(bin.from * 100)}–${Math.round(bin.to * 100)}%`, value: bin.customers })),
                    },
                  ]}
                  formatY={(value) => formatNumber(value)}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="400">
                <CardHeading title={t.segmentsTitle} help={t.segmentsHelp} />
                <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
                  <SegmentTable title={t.valueLadder} segments={data.segments.ladder} testId="ladder" />
                  <SegmentTable title={t.rfmGroups} segments={data.segments.rfm.filter((row) => row.segment !== "prospects")} testId="rfm" />
                </InlineGrid>
              </BlockStack>
            </Card>
          </Layout.Section>
        </>
      )}
    </Layout>
  );
}

function SegmentTable({ title, segments, testId }: { title: string; segments: SegmentSize[]; testId: string }) {
  const t = strings.dashboard;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      <Chart
        kind="horizontal-bar"
        testId={`segments-${testId}`}
        label={title}
        height={Math.max(160, segments.length * 34)}
        showLegend
        series={[
          { name: t.customerShare, points: segments.map((row) => ({ key: strings.segments[row.segment] ?? row.segment, value: row.share })) },
          { name: t.revenueShare, points: segments.map((row) => ({ key: strings.segments[row.segment] ?? row.segment, value: row.revenueShare })) },
        ]}
        formatY={(value) => formatPercent(value)}
      />
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric"]}
        headings={[t.segment, t.customers, t.customerShare, t.revenueShare]}
        rows={segments.map((row) => [
          strings.segments[row.segment] ?? row.segment,
          formatNumber(row.customers),
          formatPercent(row.share),
          formatPercent(row.revenueShare),
        ])}
      />
    </BlockStack>
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
