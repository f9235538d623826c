import { Badge, BlockStack, Box, Button, Card, IndexTable, InlineGrid, InlineStack, Link, Page, Select, Text, TextField, useBreakpoints } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { apiDownload } from "../api-client";
import type { CustomerListItem, CustomerListResponse } from "../api-types";
import { EmptyCard, ErrorBanner } from "../components/page-states";
import { formatDate, formatMoney, formatNumber, formatPercent } from "../format";
import { strings } from "../i18n";
import { useApi } from "../use-api";

const SORTS = ["pRepeat90", "predictedClv365", "lastOrderAt", "orderCount"] as const;
type Sort = (typeof SORTS)[number];
/** IndexTable column index of each sortable column (see headings below). */
const SORT_COLUMN: Record<Sort, number> = { pRepeat90: 2, predictedClv365: 3, lastOrderAt: 4, orderCount: 5 };
const SEGMENTS = ["lover", "liker", "lurker", "champions", "loyal", "active", "new", "promising", "needs_attention", "at_risk", "previously_loyal", "almost_lost", "dormant"];
const PAGE_SIZE = 25;

export function CustomersPage() {
  const t = strings.customers;
  const [searchInput, setSearchInput] = useState("");
  const [search, setSearch] = useState("");
  const [segment, setSegment] = useState("");
  const [band, setBand] = useState("");
  const [coupon, setCoupon] = useState("");
  const [sort, setSort] = useState<Sort>("pRepeat90");
  const [direction, setDirection] = useState<"asc" | "desc">("desc");
  const [cursor, setCursor] = useState<{ after?: string; before?: string }>({});

  // Typing waits for a pause before asking the server.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchInput.trim()), 300);
    return () => clearTimeout(timer);
  }, [searchInput]);
  const filters = useMemo(() => {
    const params = new URLSearchParams({ sort, direction });
    if (search) params.set("q", search);
    if (segment) params.set("segment", segment);
    if (band) params.set("band", band);
    if (coupon) params.set("unusedCoupon", coupon);
    return params;
  }, [search, segment, band, coupon, sort, direction]);
  // A new filter or sort starts from the first page.
  useEffect(() => setCursor({}), [filters]);
  const pageQuery = new URLSearchParams(filters);
  pageQuery.set("limit", String(PAGE_SIZE));
  if (cursor.after) pageQuery.set("after", cursor.after);
  if (cursor.before) pageQuery.set("before", cursor.before);
  const state = useApi<CustomerListResponse>(`/customers?${pageQuery}`);
  // The total is asked once per filter, not with every page (a count over a million rows costs more than a page).
  const countQuery = new URLSearchParams(filters);
  countQuery.delete("sort");
  countQuery.delete("direction");
  const count = useApi<{ total: number }>(`/customers/count?${countQuery}`);
  // Phones: one compact cell per customer (name, score, segments) instead of six columns scrolled off-screen.
  const { smDown: condensed } = useBreakpoints();
  const [exportError, setExportError] = useState<Error | null>(null);
  const filtered = Boolean(search || segment || band || coupon);

  const clear = () => {
    setSearchInput("");
    setSearch("");
    setSegment("");
    setBand("");
    setCoupon("");
  };

  const rows = state.status === "ready" ? state.data.customers : [];
  const exportCsv = () => {
    setExportError(null);
    apiDownload(`/customers/export.csv?${filters}`, "customers.csv").catch(setExportError);
  };
  return (
    <Page title={t.title} subtitle={t.subtitle}>
      <BlockStack gap="400">
        {exportError && <ErrorBanner error={exportError} />}
        <Card>
          <BlockStack gap="300">
            <TextField
              label={t.searchLabel}
              labelHidden
              placeholder={t.searchPlaceholder}
              value={searchInput}
              onChange={setSearchInput}
              clearButton
              onClearButtonClick={() => setSearchInput("")}
              autoComplete="off"
            />
            <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
              <Select
                label={t.segment}
                value={segment}
                onChange={setSegment}
                options={[{ value: "", label: t.anySegment }, ...SEGMENTS.map((value) => ({ value, label: strings.segments[value] }))]}
              />
              <Select
                label={t.band}
                value={band}
                onChange={setBand}
                options={[{ value: "", label: t.anyBand }, ...["high", "medium", "low"].map((value) => ({ value, label: strings.bands[value] }))]}
              />
              <Select
                label={t.coupon}
                value={coupon}
                onChange={setCoupon}
                options={[
                  { value: "", label: t.anyCoupon },
                  { value: "true", label: t.withUnusedCoupon },
                  { value: "false", label: t.withoutUnusedCoupon },
                ]}
              />
            </InlineGrid>
            {condensed && (
              <Select
                label={t.sortBy}
                value={`${sort}:${direction}`}
                onChange={(value) => {
                  const [column, order] = value.split(":");
                  setSort(column as Sort);
                  setDirection(order as "asc" | "desc");
                }}
                options={SORTS.flatMap((column) => (["desc", "asc"] as const).map((order) => ({ value: `${column}:${order}`, label: t.sortOptions(t.columns[column], order, column === "lastOrderAt") })))}
              />
            )}
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <InlineStack gap="300" blockAlign="center">
                <Text as="p" tone="subdued">
                  <span data-customer-total={count.status === "ready" ? count.data.total : undefined}>
                    {count.status === "ready" ? (filtered ? t.totalFiltered : t.total)(formatNumber(count.data.total)) : "\u00a0"}
                  </span>
                </Text>
                {filtered && (
                  <Button variant="plain" onClick={clear}>
                    {t.clearFilters}
                  </Button>
                )}
              </InlineStack>
              <Button onClick={exportCsv}>{t.export}</Button>
            </InlineStack>
          </BlockStack>
        </Card>
        {state.status === "error" && <ErrorBanner error={state.error} onRetry={state.retry} />}
        {state.status === "ready" && rows.length === 0 && !cursor.after && !cursor.before ? (
          filtered ? (
            <EmptyCard heading={t.emptyTitle} action={{ content: t.clearFilters, onAction: clear }}>
              {t.emptyBody}
            </EmptyCard>
          ) : (
            <EmptyCard heading={t.noneTitle}>{t.noneBody}</EmptyCard>
          )
        ) : (
          <Card padding="0">
            <IndexTable
              resourceName={t.resourceName}
              itemCount={rows.length}
              loading={state.status === "loading"}
              selectable={false}
              condensed={condensed}
              headings={[
                { title: t.columns.name },
                { title: t.columns.segment },
                { title: t.columns.pRepeat90, alignment: "end" },
                { title: t.columns.predictedClv365, alignment: "end" },
                { title: t.columns.lastOrderAt },
                { title: t.columns.orderCount, alignment: "end" },
              ]}
              sortable={[false, false, true, true, true, true]}
              sortColumnIndex={SORT_COLUMN[sort]}
              sortDirection={direction === "desc" ? "descending" : "ascending"}
              defaultSortDirection="descending"
              onSort={(index, next) => {
                const column = SORTS.find((key) => SORT_COLUMN[key] === index);
                if (!column) return;
                setSort(column);
                setDirection(next === "descending" ? "desc" : "asc");
              }}
              pagination={
                state.status === "ready"
                  ? {
                      hasNext: state.data.pageInfo.hasNextPage,
                      hasPrevious: state.data.pageInfo.hasPreviousPage,
                      onNext: () => setCursor({ after: state.data.pageInfo.endCursor ?? undefined }),
                      onPrevious: () => setCursor({ before: state.data.pageInfo.startCursor ?? undefined }),
                    }
                  : undefined
              }
            >
              {rows.map((customer, index) => (
                <CustomerRow key={customer.id} customer={customer} index={index} currency={state.status === "ready" ? state.data.currency : "USD"} condensed={condensed} />
              ))}
            </IndexTable>
          </Card>
        )}
      </BlockStack>
    </Page>
  );
}

function CustomerRow({ customer, index, currency, condensed }: { customer: CustomerListItem; index: number; currency: string; condensed: boolean }) {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ") || strings.customers.noName;
  if (condensed) {
    return (
      <IndexTable.Row id={customer.id} position={index}>
        <Box paddingBlock="200" paddingInline="300" width="100%">
          <BlockStack gap="100">
            <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
              <BlockStack gap="050">
                <Link url={`/customers/${customer.id}`} removeUnderline dataPrimaryLink>
                  <Text as="span" fontWeight="semibold">
                    <span data-customer-name>{name}</span>
                  </Text>
                </Link>
                <Text as="span" tone="subdued" variant="bodySm" breakWord>
                  {customer.email ?? ""}
                </Text>
              </BlockStack>
              <BlockStack gap="050" inlineAlign="end">
                <Text as="span" fontWeight="semibold" numeric>
                  <span data-p-repeat={customer.pRepeat90}>{formatPercent(customer.pRepeat90)}</span>
                </Text>
                <Text as="span" tone="subdued" variant="bodySm" numeric>
                  {formatMoney(customer.predictedClv365, currency)}
                </Text>
              </BlockStack>
            </InlineStack>
            <InlineStack gap="100">
              <Badge>{strings.segments[customer.rfmSegment] ?? customer.rfmSegment}</Badge>
              <Badge tone={customer.loyaltySegment === "lover" ? "success" : customer.loyaltySegment === "liker" ? "info" : undefined}>
                {strings.segments[customer.loyaltySegment] ?? customer.loyaltySegment}
              </Badge>
              <Text as="span" tone="subdued" variant="bodySm">
                {strings.customers.condensedOrders(customer.orderCount, formatDate(customer.lastOrderAt))}
              </Text>
            </InlineStack>
          </BlockStack>
        </Box>
      </IndexTable.Row>
    );
  }
  return (
    <IndexTable.Row id={customer.id} position={index}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Link url={`/customers/${customer.id}`} removeUnderline dataPrimaryLink>
            <Text as="span" fontWeight="semibold">
              <span data-customer-name>{name}</span>
            </Text>
          </Link>
          <Text as="span" tone="subdued" variant="bodySm">
            {customer.email ?? ""}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="100">
          <Badge>{strings.segments[customer.rfmSegment] ?? customer.rfmSegment}</Badge>
          <Badge tone={customer.loyaltySegment === "lover" ? "success" : customer.loyaltySegment === "liker" ? "info" : undefined}>
            {strings.segments[customer.loyaltySegment] ?? customer.loyaltySegment}
          </Badge>
        </InlineStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          <span data-p-repeat={customer.pRepeat90}>{formatPercent(customer.pRepeat90)}</span>
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {formatMoney(customer.predictedClv365, currency)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{formatDate(customer.lastOrderAt)}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {formatNumber(customer.orderCount)}
        </Text>
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}
