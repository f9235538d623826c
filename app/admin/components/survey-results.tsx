import { BlockStack, Card, DataTable, InlineStack, ProgressBar, Select, SkeletonBodyText, Text } from "@shopify/polaris";
import { useState } from "react";
import type { SurveyResults } from "../api-types";
import { formatMonth, formatNumber, formatPercent } from "../format";
import { strings } from "../i18n";
import { useApi } from "../use-api";
import { CardHeading } from "./card-heading";
import { Chart } from "./charts";
import { ErrorBanner } from "./page-states";

/** The thank-you survey's answers (GET /api/settings/survey/results): per answer, per month, per segment. */
export function SurveyResultsCard() {
  const t = strings.surveyResults;
  const state = useApi<SurveyResults>("/settings/survey/results");
  return (
    <Card>
      <BlockStack gap="400">
        <CardHeading title={t.title} help={t.help} />
        {state.status === "loading" && <SkeletonBodyText lines={6} />}
        {state.status === "error" && <ErrorBanner error={state.error} onRetry={state.retry} />}
        {state.status === "ready" && <Results data={state.data} />}
      </BlockStack>
    </Card>
  );
}

function Results({ data }: { data: SurveyResults }) {
  const t = strings.surveyResults;
  if (data.responses === 0) {
    return (
      <Text as="p" tone="subdued">
        {t.noResponses}
      </Text>
    );
  }
  return (
    <div data-survey-results>
      <BlockStack gap="500">
        <BlockStack gap="100">
          <Text as="p" fontWeight="semibold">
            {data.question}
          </Text>
          <Text as="p" tone="subdued">
            <span data-survey-responses={data.responses}>{t.responses(formatNumber(data.responses))}</span>
          </Text>
        </BlockStack>
        <PerAnswer data={data} />
        <OverTime data={data} />
        <PerSegment data={data} />
      </BlockStack>
    </div>
  );
}

function PerAnswer({ data }: { data: SurveyResults }) {
  const t = strings.surveyResults;
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        {t.perAnswer}
      </Text>
      {data.answers.map((row, index) => (
        <BlockStack key={row.answer} gap="100">
          <InlineStack align="space-between" gap="200" wrap={false}>
            <Text as="span" id={`survey-answer-${index}`}>
              <bdi>{row.answer}</bdi>
            </Text>
            <Text as="span" numeric fontWeight="semibold">
              <span data-survey-answer={row.answer} data-count={row.count}>
                {t.cell(formatPercent(row.share), formatNumber(row.count))}
              </span>
            </Text>
          </InlineStack>
          <ProgressBar progress={Math.round(row.share * 100)} size="small" ariaLabelledBy={`survey-answer-${index}`} />
        </BlockStack>
      ))}
    </BlockStack>
  );
}

function OverTime({ data }: { data: SurveyResults }) {
  const t = strings.surveyResults;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t.overTime}
      </Text>
      <Chart
        kind="line"
        testId="survey-over-time"
        label={t.overTime}
        height={240}
        showLegend
        formatX={formatMonth}
        formatY={formatPercent}
        // Shares, not counts: the first and the current month are partial, and counts would read as a drop.
        series={data.answers.map((answer, index) => ({
          name: answer.answer,
          points: data.months.map((month) => ({ key: month.month, value: month.shares[index] })),
        }))}
      />
      <Text as="p" variant="bodySm" tone="subdued">
        {t.overTimeHelp}
      </Text>
    </BlockStack>
  );
}

function PerSegment({ data }: { data: SurveyResults }) {
  const t = strings.surveyResults;
  const [segmentation, setSegmentation] = useState<"ladder" | "rfm">("ladder");
  const rows = data.segments[segmentation];
  const segmentName = (segment: string) => (segment === "unscored" ? t.unscored : (strings.segments[segment] ?? segment));
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="end" gap="200">
        <Text as="h3" variant="headingSm">
          {t.perSegment}
        </Text>
        <Select
          label={t.segmentation}
          labelInline
          value={segmentation}
          onChange={(value) => setSegmentation(value as "ladder" | "rfm")}
          options={(["ladder", "rfm"] as const).map((value) => ({ value, label: t.segmentations[value] }))}
        />
      </InlineStack>
      <div data-survey-segments={segmentation}>
        <DataTable
          columnContentTypes={["text", "numeric", ...data.answers.map(() => "numeric" as const)]}
          headings={[t.segment, t.total, ...data.answers.map((row) => row.answer)]}
          rows={rows.map((row) => [
            segmentName(row.segment),
            formatNumber(row.responses),
            ...row.shares.map((share) => formatPercent(share)),
          ])}
          increasedTableDensity
        />
        <Text as="p" variant="bodySm" tone="subdued">
          {t.perSegmentHelp}
        </Text>
      </div>
    </BlockStack>
  );
}
