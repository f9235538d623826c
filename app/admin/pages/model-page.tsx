import { Badge, Banner, BlockStack, Card, DataTable, InlineGrid, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { useCallback, useEffect, useRef, useState } from "react";
import { apiRequest } from "../api-client";
import { fitSampleSentence } from "../fit-sample-sentence";
import type { ModelResponse, RunRecord, ScoringRunStatus } from "../api-types";
import { CardHeading } from "../components/card-heading";
import { Fact } from "../components/fact";
import { RescoreProgress } from "../components/rescore-progress";
import { Chart } from "../components/charts";
import { HelpTip } from "../components/help-tip";
import { CardSkeleton, EmptyCard, ErrorBanner, Loaded } from "../components/page-states";
import { modelAccuracy } from "../../domain/metrics/model-accuracy";
import { formatDateTime, formatMoney, formatNumber } from "../format";
import { strings } from "../i18n";
import { useApi } from "../use-api";

const POLL_MS = 1_000;

export function ModelPage() {
  const t = strings.model;
  const state = useApi<ModelResponse>("/model");
  const reload = state.status === "ready" ? state.reload : undefined;
  const rescore = useRescore(reload, state.status === "ready" && state.data.scoringInProgress);
  return (
    <Page
      title={t.title}
      subtitle={t.subtitle}
      primaryAction={{ content: rescore.running ? t.rescoring : t.rescore, onAction: rescore.start, loading: rescore.running, disabled: rescore.running }}
    >
      <BlockStack gap="400">
        <RescoreStatus status={rescore} />
        <Loaded state={state} skeleton={<CardSkeleton lines={10} />}>
          {(data) =>
            data.model ? (
              <ModelDetails data={data} />
            ) : (
              <EmptyCard heading={t.noModelTitle} action={{ content: t.rescore, onAction: rescore.start }}>
                {t.noModelBody}
              </EmptyCard>
            )
          }
        </Loaded>
      </BlockStack>
    </Page>
  );
}

interface RescoreState {
  running: boolean;
  progress: ScoringRunStatus["progress"];
  outcome: RunRecord | null;
  error: Error | null;
  start: () => void;
}

/** Starts a run (POST), then polls /scoring/runs/latest until it ends and reloads the model. */
function useRescore(onFinished: (() => void) | undefined, alreadyRunning: boolean): RescoreState {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<ScoringRunStatus["progress"]>(null);
  const [outcome, setOutcome] = useState<RunRecord | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  useEffect(() => {
    if (alreadyRunning) setRunning(true);
  }, [alreadyRunning]);
  useEffect(() => {
    if (!running) return;
    let cancelled = false;
    const poll = async () => {
      try {
        const status = await apiRequest<ScoringRunStatus>("/scoring/runs/latest");
        if (cancelled) return;
        if (status.running) {
          setProgress(status.progress);
          timer = setTimeout(poll, POLL_MS);
        } else {
          setRunning(false);
          setProgress(null);
          setOutcome(status.run);
          finished.current?.();
        }
      } catch (caught) {
        if (cancelled) return;
        // A dropped poll is retried a few times before the run is reported as lost.
        if (++failures < 3) timer = setTimeout(poll, POLL_MS);
        else {
          setRunning(false);
          setError(caught as Error);
        }
      }
    };
    let failures = 0;
    let timer = setTimeout(poll, POLL_MS / 2);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [running]);
  const start = useCallback(() => {
    setError(null);
    setOutcome(null);
    apiRequest<ScoringRunStatus>("/scoring/runs", { method: "POST" }).then(
      (status) => {
        setProgress(status.progress);
        setRunning(true);
      },
      (caught: Error & { status?: number }) => {
        // 409: a run is already going; follow it instead of failing.
        if (caught.status === 409) setRunning(true);
        else setError(caught);
      },
    );
  }, []);
  return { running, progress, outcome, error, start };
}

function RescoreStatus({ status }: { status: RescoreState }) {
  const t = strings.model;
  if (status.error) return <ErrorBanner error={status.error} title={t.rescoreFailed} />;
  if (status.running) return <RescoreProgress progress={status.progress} />;
  if (status.outcome) {
    const failed = status.outcome.status === "failed";
    return (
      <Banner tone={failed ? "critical" : "success"} title={failed ? t.rescoreFailed : t.rescoreDone}>
        {failed && <p>{status.outcome.error}</p>}
      </Banner>
    );
  }
  return null;
}

function ModelDetails({ data }: { data: ModelResponse }) {
  const t = strings.model;
  const model = data.model!;
  const backtest = data.backtests.find((candidate) => candidate.model === model.selected) ?? data.backtests[0];
  const accuracy = modelAccuracy(
    backtest?.totals && backtest.holdoutLength !== null
      ? { predicted: backtest.totals.predicted, actual: backtest.totals.actual, holdoutDays: backtest.holdoutLength }
      : null,
  );
  const params = (values: Record<string, number> | null) => (values ? Object.entries(values).map(([name, value]) => [name, formatNumber(value, 4)]) : []);
  return (
    <Layout>
      <Layout.Section>
        <Card>
          <BlockStack gap="300">
            <CardHeading title={t.modelTitle} />
            <Text as="p" variant="bodyLg" tone={accuracy.checked ? undefined : "subdued"}>
              <span data-model-accuracy={accuracy.checked ? accuracy.direction : accuracy.reason}>{accuracy.text}</span>
            </Text>
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
              <Fact label={t.selected} value={t.modelNames[model.selected] ?? model.selected} />
              <Fact label={t.fittedAt} value={formatDateTime(model.fittedAt)} />
            </InlineGrid>
            {model.reason && (
              <Text as="p" tone="subdued">
                {t.reason}: {model.reason}
              </Text>
            )}
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm">
                  {t.transactionParams}
                </Text>
                <DataTable columnContentTypes={["text", "numeric"]} headings={[t.parameters, ""]} rows={params(model.parameters.transactions)} />
              </BlockStack>
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm">
                  {t.spendParams}
                </Text>
                {model.parameters.spend ? (
                  <DataTable columnContentTypes={["text", "numeric"]} headings={[t.parameters, ""]} rows={params(model.parameters.spend)} />
                ) : (
                  <Text as="p" tone="subdued">
                    {t.noSpendModel}
                  </Text>
                )}
                {model.parameters.shopMeanOrderValue !== null && (
                  <InlineStack gap="100" blockAlign="center" wrap={false}>
                    <Text as="p" tone="subdued">
                      {t.shopMeanOrderValue}: {formatMoney(model.parameters.shopMeanOrderValue, data.currency)}
                    </Text>
                    <HelpTip help={t.shopMeanOrderValueHelp} />
                  </InlineStack>
                )}
              </BlockStack>
            </InlineGrid>
            {model.fit && (
              <Text as="p" tone="subdued" variant="bodySm">
                {t.converged}: {model.fit.converged ? strings.common.yes : strings.common.no} · {t.logLikelihood}: {formatNumber(model.fit.logLikelihood ?? 0, 1)}
              </Text>
            )}
            {model.fittedOn && (
              <Text as="p" tone="subdued" variant="bodySm">
                <span data-fitted-on>{fitSampleSentence(model.fittedOn)}</span>
              </Text>
            )}
          </BlockStack>
        </Card>
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <BlockStack gap="400">
          <Card>
            <BlockStack gap="300">
              <CardHeading title={t.confidenceTitle} />
              <InlineStack gap="200" blockAlign="center">
                <Text as="span">{t.confidence}</Text>
                <Badge tone={model.confidence === "high" ? "success" : model.confidence === "medium" ? "attention" : "warning"}>
                  {t.confidenceLevels[model.confidence] ?? model.confidence}
                </Badge>
              </InlineStack>
              <Fact label={t.customers} value={formatNumber(model.customers)} />
              <Fact label={t.repeatCustomers} value={formatNumber(model.repeatCustomers)} />
              {data.sufficiency && (
                <BlockStack gap="100">
                  <Text as="p" tone="subdued" id="progress-to-high">
                    {t.progressToHigh}
                  </Text>
                  <ProgressBar progress={Math.round(data.sufficiency.progressToHigh * 100)} size="small" tone="success" ariaLabelledBy="progress-to-high" />
                  <Text as="p" variant="bodySm">
                    {data.sufficiency.nextLevel === null
                      ? t.sufficiencyHigh
                      : t.sufficiencyMissing(t.confidenceLevels[data.sufficiency.nextLevel].toLowerCase(), data.sufficiency.missing.customers, data.sufficiency.missing.repeatCustomers)}
                  </Text>
                </BlockStack>
              )}
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="200">
              <CardHeading title={t.runsTitle} />
              <RunLine label={t.lastSync} run={data.lastSync} />
              <RunLine label={t.lastScoring} run={data.lastScoring} />
            </BlockStack>
          </Card>
        </BlockStack>
      </Layout.Section>
      <Layout.Section>
        <Card>
          <BlockStack gap="300">
            <CardHeading title={t.backtestTitle} help={backtest ? t.backtestHelp(formatNumber(backtest.holdoutLength ?? 0)) : undefined} />
            {backtest ? (
              <>
                <Chart
                  kind="line"
                  testId="backtest"
                  label={t.backtestTitle}
                  showLegend
                  series={[
                    { name: t.predicted, points: backtest.weekly.map((row) => ({ key: t.week(row.week), value: row.predictedCumulative })) },
                    { name: t.actual, points: backtest.weekly.map((row) => ({ key: t.week(row.week), value: row.actualCumulative })) },
                  ]}
                  formatY={(value) => formatNumber(value)}
                />
                {backtest.correlation !== null && (
                  <Text as="p" tone="subdued" variant="bodySm">
                    {t.correlation}: {formatNumber(backtest.correlation, 2)}
                  </Text>
                )}
                <CardHeading title={t.byFrequencyTitle} help={t.byFrequencyHelp} />
                <Chart
                  kind="bar"
                  testId="by-frequency"
                  label={t.byFrequencyTitle}
                  height={220}
                  showLegend
                  series={[
                    { name: t.predicted, points: backtest.byFrequency.map((row) => ({ key: t.frequencyBucket(row.x), value: row.predictedMean })) },
                    { name: t.actual, points: backtest.byFrequency.map((row) => ({ key: t.frequencyBucket(row.x), value: row.actualMean })) },
                  ]}
                  formatY={(value) => formatNumber(value, 2)}
                />
              </>
            ) : (
              <Text as="p" tone="subdued">
                {t.noBacktest}
              </Text>
            )}
          </BlockStack>
        </Card>
      </Layout.Section>
    </Layout>
  );
}


function RunLine({ label, run }: { label: string; run: RunRecord | null }) {
  const t = strings.model;
  return (
    <InlineStack align="space-between" gap="200">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span">
        {run ? `${formatDateTime(run.finishedAt ?? run.startedAt)} · ${t.runStatus[run.status] ?? run.status}` : strings.common.never}
      </Text>
    </InlineStack>
  );
}

