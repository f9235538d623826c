import { Badge, BlockStack, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { ExternalIcon } from "@shopify/polaris-icons";
import type { PrivacyRequestsResponse, SyncStatusResponse, UsageResponse } from "../api-types";
import { ActivityCard } from "../components/activity-card";
import { BackgroundWorkCard } from "../components/background-work-card";
import { CardHeading } from "../components/card-heading";
import { CardSkeleton, ErrorBanner, Loaded } from "../components/page-states";
import { formatDate, formatDateTime, formatNumber } from "../format";
import { strings } from "../i18n";
import { useApi } from "../use-api";

export function SettingsPage() {
  const t = strings.settings;
  return (
    <Page title={t.title}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <SyncStatusCard />
            <BackgroundWorkCard />
            <ActivityCard />
            <PrivacyRequestsCard />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <UsageCards />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function SyncStatusCard() {
  const t = strings.settings;
  const state = useApi<SyncStatusResponse>("/sync/status");
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading title={t.syncTitle} help={t.syncHelp} />
        <Loaded state={state} skeleton={<CardSkeleton lines={3} />}>
          {(data) =>
            data.runs.length === 0 ? (
              <Text as="p" tone="subdued">
                {t.noSync}
              </Text>
            ) : (
              <BlockStack gap="400">
                {data.runs.map((run) => {
                  const percent = run.percent ?? (run.status === "succeeded" ? 100 : 0);
                  const label = `sync-${run.resource}`;
                  return (
                    <BlockStack key={run.resource} gap="100">
                      <InlineStack align="space-between" blockAlign="center">
                        <Text as="h3" variant="headingSm" id={label}>
                          {t.resources[run.resource] ?? run.resource}
                        </Text>
                        <Badge tone={run.status === "succeeded" ? "success" : run.status === "failed" ? "critical" : "info"}>
                          {t.syncStatuses[run.status] ?? run.status}
                        </Badge>
                      </InlineStack>
                      <ProgressBar progress={percent} size="small" tone={run.status === "failed" ? "critical" : "primary"} ariaLabelledBy={label} />
                      <Text as="p" tone="subdued" variant="bodySm">
                        {t.lines(formatNumber(run.linesRead), run.totalLines === null ? null : formatNumber(run.totalLines))} · {formatDateTime(run.finishedAt ?? run.startedAt)}
                      </Text>
                      {run.error && (
                        <Text as="p" tone="critical" variant="bodySm">
                          {t.lastError}: {run.error}
                        </Text>
                      )}
                    </BlockStack>
                  );
                })}
              </BlockStack>
            )
          }
        </Loaded>
      </BlockStack>
    </Card>
  );
}

function PrivacyRequestsCard() {
  const t = strings.settings;
  const state = useApi<PrivacyRequestsResponse>("/privacy/requests");
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading title={t.privacyTitle} help={t.privacyHelp} />
        <Loaded state={state} skeleton={<CardSkeleton lines={3} />}>
          {(data) =>
            data.requests.length === 0 ? (
              <Text as="p" tone="subdued">
                {t.noPrivacy}
              </Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text"]}
                headings={[t.kind, t.status, t.received]}
                rows={data.requests.map((request) => [
                  t.privacyKinds[request.kind] ?? request.kind,
                  t.privacyStatuses[request.status] ?? request.status,
                  formatDateTime(request.receivedAt),
                ])}
              />
            )
          }
        </Loaded>
      </BlockStack>
    </Card>
  );
}

function UsageCards() {
  const t = strings.settings;
  const state = useApi<UsageResponse>("/dashboard/usage");
  if (state.status === "error") return <ErrorBanner error={state.error} onRetry={state.retry} />;
  if (state.status === "loading") return <CardSkeleton />;
  const data = state.data;
  return (
    <>
      <Card>
        <BlockStack gap="300">
          <CardHeading title={t.storefrontTitle} />
          <Text as="p">{t.storefrontHelp}</Text>
          <InlineStack align="space-between">
            <Text as="span" tone="subdued">
              {t.embedHandle}
            </Text>
            <Text as="span">{data.storefront.embedHandle}</Text>
          </InlineStack>
          <InlineStack align="space-between">
            <Text as="span" tone="subdued">
              {t.status}
            </Text>
            <Badge tone="attention">{t.unverified}</Badge>
          </InlineStack>
          <Button url={data.storefront.activationUrl} external target="_blank" icon={ExternalIcon}>
            {t.activate}
          </Button>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="200">
          <CardHeading title={t.planTitle} />
          <InlineGrid columns={2} gap="200">
            <Text as="span" tone="subdued">
              {t.plan}
            </Text>
            <Text as="span">{data.plan ?? t.noPlan}</Text>
            <Text as="span" tone="subdued">
              {t.installed}
            </Text>
            <Text as="span">{formatDate(data.installedAt)}</Text>
            <Text as="span" tone="subdued">
              {t.customersStored}
            </Text>
            <Text as="span">{formatNumber(data.usage.customers)}</Text>
            <Text as="span" tone="subdued">
              {t.customersScored}
            </Text>
            <Text as="span">{formatNumber(data.usage.scoredCustomers)}</Text>
            <Text as="span" tone="subdued">
              {t.orders}
            </Text>
            <Text as="span">{formatNumber(data.usage.orders)}</Text>
            <Text as="span" tone="subdued">
              {t.activeOffers}
            </Text>
            <Text as="span">{formatNumber(data.usage.activeOffers)}</Text>
            <Text as="span" tone="subdued">
              {t.coupons30d}
            </Text>
            <Text as="span">{formatNumber(data.usage.couponsIssued30d)}</Text>
          </InlineGrid>
        </BlockStack>
      </Card>
    </>
  );
}
