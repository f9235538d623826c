import { Badge, BlockStack, Box, Card, Divider, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { ApiError } from "../api-client";
import type { CustomerDetailResponse } from "../api-types";
import { CardHeading } from "../components/card-heading";
import { Fact } from "../components/fact";
import { CardSkeleton, EmptyCard, Loaded } from "../components/page-states";
import { formatDate, formatMoney, formatNumber, formatPercent } from "../format";
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
          <Card>
            <BlockStack gap="300">
              <CardHeading title={t.scoreTitle} />
              {score ? (
                <>
                  <Text as="p" variant="bodyLg">
                    <span data-explanation>{score.explanation.text}</span>
                  </Text>
                  <dl>
                    <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
                      <Fact term label={t.pRepeat90} value={formatPercent(score.pRepeat90)} />
                      <Fact term label={t.pAlive} value={formatPercent(score.pAlive)} />
                      <Fact term label={t.expectedNextOrder} value={formatDate(score.expectedNextOrderAt)} />
                      <Fact term label={t.predictedClv} value={formatMoney(score.predictedClv365, currency)} />
                      <Fact term label={t.expectedOrders365} value={formatNumber(score.expectedOrders365, 1)} />
                      <Fact term label={t.confidence} value={strings.model.confidenceLevels[score.confidence] ?? score.confidence} />
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
