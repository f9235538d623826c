import { Badge, BlockStack, Box, Card, DataTable, Divider, InlineGrid, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { ApiError } from "../api-client";
import type { CustomerDetailResponse } from "../api-types";
import { CardHeading } from "../components/card-heading";
import { Fact } from "../components/fact";
import { HelpTip } from "../components/help-tip";
import { CardSkeleton, EmptyCard, Loaded } from "../components/page-states";
import { formatDate, formatMoney, formatNumber, wholePercent } from "../format";
import { strings } from "../i18n";
import { useApi } from "../use-api";

export function CustomerDetailPage({ id }: { id: string }) {
  const t = strings.customer;
  const state = useApi<CustomerDetailResponse>(`/customers/${encodeURIComponent(id)}`);
  const title =
    state.status === "ready" ? [state.data.customer.firstName, state.data.customer.lastName].filter(Boolean).join(" ") || strings.customers.noName : "";
  return (
    <Page backAction={{ content: t.back, url: "/customers" }} title={title} subtitle={state.status === "ready" ? (state.data.customer.email ?? undefined) : undefined}>
      {state.status === "error" && state.error instanceof ApiError && state.error.status === 404 ? (
        <EmptyCard heading={t.notFound}>{state.error.message}</EmptyCard>
      ) : (
        <Loaded state={state} skeleton={<CardSkeleton lines={8} />}>
          {(data) => <CustomerDetail data={data} />}
        </Loaded>
      )}
    </Page>
  );
}


function CustomerDetail({ data }: { data: CustomerDetailResponse }) {
  const t = strings.customer;
  const { score, currency } = data;
  return (
    <Layout>
      <Layout.Section>
        <BlockStack gap="400">
          {data.customer.redacted && <Badge tone="warning">{t.redacted}</Badge>}
          {data.customer.shopifyAdminUrl && (
            <Link url={data.customer.shopifyAdminUrl} target="_top">
              {t.openInShopify}
            </Link>
          )}
          <Card>
            <BlockStack gap="300">
              <CardHeading title={t.scoreTitle} />
              {score ? (
                <>
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span" tone="subdued">
                      {t.statusLabel}
                    </Text>
                    <span data-status={score.explanation.status}>
                      <Badge tone={STATUS_TONES[score.explanation.status]}>{t.statuses[score.explanation.status]}</Badge>
                    </span>
                    <HelpTip help={t.statusHelp} />
                  </InlineStack>
                  <Text as="p" variant="bodyLg">
                    <span data-explanation>{score.explanation.text}</span>
                  </Text>
                  <dl>
                    <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
                      <Fact term name="pRepeat90" label={t.pRepeat90} help={t.pRepeat90Help} value={score.explanation.percentText} />
                      <Fact term name="pAlive" label={t.pAlive} help={t.pAliveHelp} value={score.explanation.pAliveText} />
                      <Fact term label={t.expectedNextOrder} value={formatDate(score.expectedNextOrderAt)} />
                      <Fact term label={t.expectedOrders365} value={formatNumber(score.expectedOrders365, 1)} />
                      <Fact
                        term
                        name="confidence"
                        label={t.confidence}
                        help={t.confidenceHelp}
                        value={strings.model.confidenceLevels[score.confidence] ?? score.confidence}
                      />
                    </InlineGrid>
                  </dl>
                  <InlineStack gap="100" blockAlign="center">
                    <Text as="span" tone="subdued">
                      {t.segments}
                    </Text>
                    <Badge>{strings.segments[score.rfmSegment] ?? score.rfmSegment}</Badge>
                    <Badge>{strings.segments[score.loyaltySegment] ?? score.loyaltySegment}</Badge>
                  </InlineStack>
                </>
              ) : (
                <Text as="p">{t.noScore}</Text>
              )}
            </BlockStack>
          </Card>
          {score && <ValueCard score={score} currency={currency} />}
          {score && <HistoryCard data={data} />}
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between">
                <CardHeading title={t.ordersTitle} />
                <Text as="span" tone="subdued">
                  {t.ordersCount(score?.orderCount ?? data.orders.length)}
                </Text>
              </InlineStack>
              {data.orders.length === 0 && <Text as="p">{t.noOrders}</Text>}
              <ol style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label={t.ordersTitle}>
                {data.orders.map((order, index) => (
                  <li key={order.id}>
                    {index > 0 && <Divider />}
                    <Box paddingBlock="200">
                      <InlineStack align="space-between" blockAlign="center" gap="200">
                        <BlockStack gap="050">
                          <Text as="span" fontWeight="semibold">
                            {order.name ?? order.id.slice(0, 8)}
                          </Text>
                          <Text as="span" tone="subdued" variant="bodySm">
                            {formatDate(order.placedAt)}
                            {order.discountCodes.length > 0 ? ` · ${t.codes(order.discountCodes.join(", "))}` : ""}
                          </Text>
                        </BlockStack>
                        <InlineStack gap="200" blockAlign="center">
                          {order.cancelled && <Badge tone="critical">{t.cancelled}</Badge>}
                          <Text as="span" numeric>
                            {formatMoney(order.totalPrice, currency)}
                          </Text>
                        </InlineStack>
                      </InlineStack>
                    </Box>
                  </li>
                ))}
              </ol>
            </BlockStack>
          </Card>
        </BlockStack>
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <Card>
          <BlockStack gap="300">
            <CardHeading title={t.couponsTitle} />
            <Text as="p" tone="subdued">
              {t.couponsSummary(data.coupons.issued, data.coupons.redeemed)}
            </Text>
            {data.coupons.items.length === 0 && <Text as="p">{t.noCoupons}</Text>}
            {data.coupons.items.map((coupon, index) => (
              <BlockStack key={`${coupon.code}-${index}`} gap="050">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="semibold">
                    {coupon.code ?? "—"}
                  </Text>
                  <Badge tone={coupon.state === "redeemed" ? "success" : coupon.state === "expired" ? undefined : "attention"}>
                    {t.couponStates[coupon.state] ?? coupon.state}
                  </Badge>
                </InlineStack>
                <Text as="span" tone="subdued" variant="bodySm">
                  {coupon.offerName ?? ""} · {formatDate(coupon.decidedAt)} ·{" "}
                  {coupon.redeemedAt ? t.redeemed(formatDate(coupon.redeemedAt)) : t.expires(formatDate(coupon.expiresAt))}
                </Text>
              </BlockStack>
            ))}
          </BlockStack>
        </Card>
      </Layout.Section>
    </Layout>
  );
}

const STATUS_TONES = { active: "success", at_risk: "attention", likely_lost: "critical" } as const;

type Score = NonNullable<CustomerDetailResponse["score"]>;

/** Historic + predicted = total, and the order habits behind them. */
function ValueCard({ score, currency }: { score: Score; currency: string }) {
  const t = strings.customer;
  const { profile } = score;
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading title={t.valueTitle} />
        <dl>
          <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
            <Fact term name="historicClv" label={t.historicClv} help={t.historicClvHelp} value={formatMoney(profile.historicClv, currency)} />
            <Fact term name="predictedClv" label={`+ ${t.predictedClvShort}`} value={formatMoney(profile.predictedClv365, currency)} />
            <Fact term name="totalClv" label={`= ${t.totalClv}`} help={t.totalClvHelp} value={formatMoney(profile.totalClv, currency)} />
            <Fact term name="averageOrderValue" label={t.averageOrderValue} value={formatMoney(profile.averageOrderValue, currency)} />
            <Fact
              term
              name="averageDaysBetweenOrders"
              label={t.averageDaysBetweenOrders}
              help={t.averageDaysBetweenOrdersHelp}
              value={profile.averageDaysBetweenOrders === null ? t.onlyOneOrder : t.days(Math.round(profile.averageDaysBetweenOrders))}
            />
            <Fact term label={strings.customer.ordersTitle} value={formatNumber(score.orderCount)} />
          </InlineGrid>
        </dl>
      </BlockStack>
    </Card>
  );
}

/** The current score and earlier full runs' scores, newest first. */
function HistoryCard({ data }: { data: CustomerDetailResponse }) {
  const t = strings.customer;
  const score = data.score!;
  const rows = [
    { scoredAt: score.scoredAt, pRepeat90: score.pRepeat90, pAlive: score.pAlive, predictedClv365: score.predictedClv365, rfmSegment: score.rfmSegment, current: true },
    ...data.history.map((point) => ({ ...point, current: false })),
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading title={t.historyTitle} />
        <div data-score-history>
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "text"]}
            headings={[t.historyColumns.scoredAt, t.historyColumns.pRepeat90, t.historyColumns.pAlive, t.historyColumns.predictedClv, t.historyColumns.segment]}
            rows={rows.map((row) => [
              row.current ? `${formatDate(row.scoredAt)} (${t.historyCurrent})` : formatDate(row.scoredAt),
              wholePercent(row.pRepeat90),
              wholePercent(row.pAlive),
              formatMoney(row.predictedClv365, data.currency),
              strings.segments[row.rfmSegment] ?? row.rfmSegment,
            ])}
          />
        </div>
        {data.history.length === 0 && (
          <Text as="p" tone="subdued">
            {t.historyEmpty}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
