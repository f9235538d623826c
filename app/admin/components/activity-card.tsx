import { Badge, BlockStack, Card, DataTable, InlineStack, Text } from "@shopify/polaris";
import { formatDateTime, formatNumber } from "../format";
import { strings } from "../i18n";
import { useApi } from "../use-api";
import { CardHeading } from "./card-heading";
import { CardSkeleton, Loaded } from "./page-states";

export interface ActivityResponse {
  metafieldDefinitionsAt: string | null;
  metafieldSyncs: {
    id: string;
    status: string;
    customersChecked: number;
    customersChanged: number;
    metafieldsWritten: number;
    calls: number;
    costPoints: number;
    startedAt: string;
  }[];
  flowTriggerCounts: { handle: string; status: string; count: number }[];
  flowTriggers: { id: string; handle: string; status: string; customerId: string | null; payload: Record<string, unknown>; createdAt: string; sentAt: string | null }[];
}

/** The newest triggers listed (the API returns up to 50; the counts above cover all of them). */
const SHOWN_TRIGGERS = 10;

const STATUS_TONES: Record<string, "success" | "info" | "critical" | undefined> = { sent: "success", succeeded: "success", pending: "info", running: "info", failed: "critical" };

/** Settings → Activity: the metafield syncs and Flow triggers Encore sent to the shop's Shopify. */
export function ActivityCard() {
  const t = strings.settings.activity;
  const state = useApi<ActivityResponse>("/settings/activity");
  return (
    // Polaris' Card and Text drop data-* attributes: the hooks sit on plain elements.
    <div data-activity-card>
      <Card>
        <BlockStack gap="400">
          <CardHeading title={t.title} help={t.help} />
          <Loaded state={state} skeleton={<CardSkeleton lines={4} />}>
            {(data) => (
              <BlockStack gap="400">
                <Text as="p" tone="subdued">
                  {data.metafieldDefinitionsAt ? t.definitionsReady(formatDateTime(data.metafieldDefinitionsAt)) : t.definitionsMissing}
                </Text>
                <MetafieldSyncs syncs={data.metafieldSyncs} />
                <FlowTriggers data={data} />
              </BlockStack>
            )}
          </Loaded>
        </BlockStack>
      </Card>
    </div>
  );
}

function MetafieldSyncs({ syncs }: { syncs: ActivityResponse["metafieldSyncs"] }) {
  const t = strings.settings.activity;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t.syncsTitle}
      </Text>
      {syncs.length === 0 ? (
        <Text as="p" tone="subdued">
          {t.noSyncs}
        </Text>
      ) : (
        <div data-activity="metafield-syncs">
          <DataTable
            columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
            headings={[t.started, t.status, t.checked, t.changed, t.written, t.calls, t.cost]}
            rows={syncs.map((sync) => [
              formatDateTime(sync.startedAt),
              <Badge key="status" tone={STATUS_TONES[sync.status]}>{t.statuses[sync.status] ?? sync.status}</Badge>,
              formatNumber(sync.customersChecked),
              formatNumber(sync.customersChanged),
              formatNumber(sync.metafieldsWritten),
              formatNumber(sync.calls),
              formatNumber(sync.costPoints),
            ])}
          />
        </div>
      )}
    </BlockStack>
  );
}

function FlowTriggers({ data }: { data: ActivityResponse }) {
  const t = strings.settings.activity;
  const handles = [...new Set(data.flowTriggerCounts.map((row) => row.handle))];
  const count = (handle: string, status: string) => data.flowTriggerCounts.find((row) => row.handle === handle && row.status === status)?.count ?? 0;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t.triggersTitle}
      </Text>
      {handles.length === 0 ? (
        <Text as="p" tone="subdued">
          {t.noTriggers}
        </Text>
      ) : (
        <BlockStack gap="300">
          <BlockStack gap="100">
            {handles.map((handle) => (
              <div key={handle} data-trigger-count={handle}>
                <Text as="p">
                  <Text as="span" fontWeight="semibold">
                    {t.handles[handle] ?? handle}
                  </Text>
                  {": "}
                  {t.counts(count(handle, "sent"), count(handle, "pending"), count(handle, "failed"))}
                </Text>
              </div>
            ))}
          </BlockStack>
          {/* A list, not a table: a payload's detail runs to ~200 characters, which as a table column made the
              table 1,400 px wide (scrolled sideways inside the card, even on a desktop) and each row four lines tall. */}
          <div data-activity="flow-triggers">
            <BlockStack gap="300">
              {data.flowTriggers.slice(0, SHOWN_TRIGGERS).map((event) => (
                <div key={event.id} data-flow-trigger={event.handle}>
                  <BlockStack gap="050">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" fontWeight="semibold">
                        {t.handles[event.handle] ?? event.handle}
                      </Text>
                      <Badge tone={STATUS_TONES[event.status]}>{t.statuses[event.status] ?? event.status}</Badge>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {formatDateTime(event.sentAt ?? event.createdAt)}
                      </Text>
                    </InlineStack>
                    <Text as="p" tone="subdued" variant="bodySm" breakWord>
                      {triggerDetail(event.payload)}
                    </Text>
                  </BlockStack>
                </div>
              ))}
            </BlockStack>
          </div>
        </BlockStack>
      )}
    </BlockStack>
  );
}

/** The payload's own fields (ids, scores, codes: never a name or email), e.g. "Discount code: K7M2…". */
function triggerDetail(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .filter(([, value]) => value !== null && value !== "")
    .map(([key, value]) => `${key}: ${typeof value === "number" && !Number.isInteger(value) ? value.toFixed(2) : String(value)}`)
    .join(" · ");
}
