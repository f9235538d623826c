import { Banner, Card, EmptyState, InlineGrid, Layout, Page, SkeletonBodyText, SkeletonDisplayText, BlockStack } from "@shopify/polaris";
import { MetricCard } from "../components/metric-card";
import { formatMoney, formatNumber, formatPercent } from "../format";
import { strings } from "../i18n";
import { useApi } from "../use-api";

export interface OverviewResponse {
  shop: string;
  currency: string;
  customers: number;
  orders: number;
  revenue: number;
  repeatCustomerRate: number;
  averageOrdersPerCustomer: number;
  averageOrderValue: number;
  customerLifetimeValue: number;
}

export function OverviewPage() {
  const t = strings.overview;
  const state = useApi<OverviewResponse>("/overview");
  return (
    <Page title={t.title} subtitle={t.subtitle}>
      <Layout>
        <Layout.Section>
          {state.status === "loading" && <OverviewSkeleton />}
          {state.status === "error" && (
            <Banner tone="critical" title={strings.common.loadFailed} action={{ content: strings.common.retry, onAction: state.retry }}>
              <p>{state.error.message}</p>
            </Banner>
          )}
          {state.status === "ready" && state.data.orders === 0 && (
            <Card>
              <EmptyState heading={t.emptyTitle} image="">
                <p>{t.emptyBody}</p>
              </EmptyState>
            </Card>
          )}
          {state.status === "ready" && state.data.orders > 0 && <OverviewMetrics data={state.data} />}
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function OverviewMetrics({ data }: { data: OverviewResponse }) {
  const t = strings.overview;
  const cards = [
    { id: "customers", label: t.customers, help: t.customersHelp, value: data.customers, display: formatNumber(data.customers) },
    { id: "orders", label: t.orders, help: t.ordersHelp, value: data.orders, display: formatNumber(data.orders) },
    {
      id: "repeatCustomerRate",
      label: t.repeatCustomerRate,
      help: t.repeatCustomerRateHelp,
      value: data.repeatCustomerRate,
      display: formatPercent(data.repeatCustomerRate),
    },
    {
      id: "averageOrdersPerCustomer",
      label: t.averageOrdersPerCustomer,
      help: t.averageOrdersPerCustomerHelp,
      value: data.averageOrdersPerCustomer,
      display: formatNumber(data.averageOrdersPerCustomer, 2),
    },
    {
      id: "averageOrderValue",
      label: t.averageOrderValue,
      help: t.averageOrderValueHelp,
      value: data.averageOrderValue,
      display: formatMoney(data.averageOrderValue, data.currency),
    },
    {
      id: "customerLifetimeValue",
      label: t.customerLifetimeValue,
      help: t.customerLifetimeValueHelp,
      value: data.customerLifetimeValue,
      display: formatMoney(data.customerLifetimeValue, data.currency),
    },
  ];
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
      {cards.map((card) => (
        <MetricCard key={card.id} {...card} />
      ))}
    </InlineGrid>
  );
}

function OverviewSkeleton() {
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
      {Array.from({ length: 6 }, (_, index) => (
        <Card key={index}>
          <BlockStack gap="200">
            <SkeletonBodyText lines={1} />
            <SkeletonDisplayText size="medium" />
          </BlockStack>
        </Card>
      ))}
    </InlineGrid>
  );
}
