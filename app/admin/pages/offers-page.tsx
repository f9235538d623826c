import { Badge, BlockStack, Box, Button, Card, IndexTable, InlineStack, Layout, Link, Page, Tabs, Text, useBreakpoints } from "@shopify/polaris";
import { useState } from "react";
import { apiRequest } from "../api-client";
import type { Offer, OfferKind, OffersPerformanceResponse } from "../api-types";
import { KindBadge } from "../components/offer-kind-badge";
import { OfferResultCells, OFFER_RESULT_HEADINGS, OfferResultsHelp, OfferResultSummary } from "../components/offer-result-cells";
import { CardSkeleton, EmptyCard, ErrorBanner, Loaded } from "../components/page-states";
import { SurveyEditor } from "../components/survey-editor";
import { SurveyResultsCard } from "../components/survey-results";
import { formatNumber, formatPercent } from "../format";
import { strings } from "../i18n";
import { shortWindows } from "../offer-seasons";
import { useApi } from "../use-api";

const KINDS: OfferKind[] = ["next_purchase", "win_back", "birthday"];

export function OffersPage() {
  const t = strings.offers;
  const state = useApi<{ offers: Offer[] }>("/offers");
  // Saving the survey (a new question or answers) changes what its results count.
  const [surveyVersion, setSurveyVersion] = useState(0);
  return (
    <Page title={t.title} subtitle={t.subtitle} primaryAction={{ content: t.create, url: "/offers/new" }}>
      <Layout>
        <Layout.Section>
          <Loaded state={state} skeleton={<CardSkeleton lines={6} />}>
            {(data) =>
              data.offers.length === 0 ? (
                <EmptyCard heading={t.emptyTitle} action={{ content: t.create, url: "/offers/new" }}>
                  {t.emptyBody}
                </EmptyCard>
              ) : (
                <OfferTable offers={data.offers} onChanged={state.status === "ready" ? state.reload : () => {}} />
              )
            }
          </Loaded>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <SurveyEditor onSaved={() => setSurveyVersion((version) => version + 1)} />
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <SurveyResultsCard key={surveyVersion} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function discountLabel(offer: Pick<Offer, "discountType" | "discountValue">): string {
  return offer.discountType === "percentage" ? strings.offers.percentOff(formatNumber(offer.discountValue, 2)) : strings.offers.amountOff(formatNumber(offer.discountValue, 2));
}

export function targetingLabel(offer: Pick<Offer, "targeting"> & Partial<Pick<Offer, "targetingMode">>): string {
  const t = strings.offers;
  const { minPRepeat90, maxPRepeat90, includeSegments = [], excludeSegments = [] } = offer.targeting;
  const parts: string[] = [];
  if (offer.targetingMode === "auto") parts.push(t.targetingAuto);
  else if (minPRepeat90 !== undefined || maxPRepeat90 !== undefined) parts.push(t.targetingBand(formatPercent(minPRepeat90 ?? 0), formatPercent(maxPRepeat90 ?? 1)));
  const names = (segments: string[]) => segments.map((segment) => strings.segments[segment] ?? segment).join(", ");
  if (includeSegments.length > 0) parts.push(t.targetingInclude(names(includeSegments)));
  if (excludeSegments.length > 0) parts.push(t.targetingExclude(names(excludeSegments)));
  return parts.length > 0 ? parts.join("; ") : t.everyone;
}

/** What sets off the code: the order scope of a next-purchase offer, at risk, or the days before the birthday. */
export function triggerLabel(offer: Pick<Offer, "kind" | "orderScope" | "leadDays">): string {
  const t = strings.offers;
  if (offer.kind === "win_back") return t.triggerWinBack;
  if (offer.kind === "birthday") return t.triggerBirthday(offer.leadDays ?? 0);
  return t.scopes[offer.orderScope];
}

/** The terms line under an offer's name. */
function termsLine(offer: Offer): string {
  const parts = [discountLabel(offer), triggerLabel(offer), targetingLabel(offer)];
  if (offer.seasonalWindows.length > 0) parts.push(strings.offers.seasons(shortWindows(offer.seasonalWindows)));
  return parts.join(" · ");
}

function OfferTable({ offers: allOffers, onChanged }: { offers: Offer[]; onChanged: () => void }) {
  const t = strings.offers;
  // Tabs by kind, filtered here: the list is a handful of offers, already loaded with their results.
  const [tab, setTab] = useState(0);
  const tabs = [
    { id: "all", content: t.kindTab(t.allKinds, allOffers.length) },
    ...KINDS.map((kind) => ({ id: kind, content: t.kindTab(t.kinds[kind], allOffers.filter((offer) => offer.kind === kind).length) })),
  ];
  const shownKind = tab === 0 ? null : KINDS[tab - 1];
  const offers = shownKind ? allOffers.filter((offer) => offer.kind === shownKind) : allOffers;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const results = useApi<OffersPerformanceResponse>("/offers/performance");
  // Phones: one compact cell per offer instead of nine columns scrolled off-screen.
  const { smDown: condensed } = useBreakpoints();
  const currency = results.status === "ready" ? results.data.currency : "USD";
  const resultOf = (offerId: string) => (results.status === "ready" ? (results.data.offers.find((row) => row.offerId === offerId) ?? null) : null);
  const setStatus = async (offer: Offer, status: Offer["status"]) => {
    setBusy(offer.id);
    setError(null);
    try {
      await apiRequest(`/offers/${offer.id}`, { method: "PATCH", body: JSON.stringify({ status }) });
      onChanged();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <BlockStack gap="300">
      {error && <ErrorBanner error={error} title={strings.common.saveFailed} />}
      <Card padding="0">
        <Tabs tabs={tabs} selected={tab} onSelect={setTab} fitted={false} />
        {offers.length === 0 && shownKind ? (
          <Box padding="400">
            <Text as="p" tone="subdued">
              {t.noneOfKind(t.kinds[shownKind])}
            </Text>
          </Box>
        ) : (
          <IndexTable
            resourceName={t.resourceName}
            itemCount={offers.length}
            selectable={false}
            condensed={condensed}
            headings={[
              { title: t.columns.name },
              { title: t.columns.status },
              ...OFFER_RESULT_HEADINGS,
              { title: t.columns.actions },
            ]}
          >
            {offers.map((offer, index) =>
              condensed ? (
                <IndexTable.Row key={offer.id} id={offer.id} position={index}>
                  <Box paddingBlock="200" paddingInline="300" width="100%">
                    <BlockStack gap="150">
                      <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
                        <BlockStack gap="050">
                          <Link url={`/offers/${offer.id}`} removeUnderline dataPrimaryLink>
                            <Text as="span" fontWeight="semibold">
                              <span data-offer-name>{offer.name}</span>
                            </Text>
                          </Link>
                          <KindBadge kind={offer.kind} />
                          <Text as="span" variant="bodySm" tone="subdued">
                            {termsLine(offer)}
                          </Text>
                        </BlockStack>
                        <OfferStatusBadge status={offer.status} />
                      </InlineStack>
                      <OfferResultSummary result={resultOf(offer.id)} currency={currency} state={results.status} />
                      <InlineStack>
                        <PauseButton offer={offer} busy={busy === offer.id} onToggle={setStatus} />
                      </InlineStack>
                    </BlockStack>
                  </Box>
                </IndexTable.Row>
              ) : (
              <IndexTable.Row key={offer.id} id={offer.id} position={index}>
                <IndexTable.Cell>
                  {/* The terms under the name: with the results beside them, separate columns ran off the page. */}
                  <BlockStack gap="050">
                    <Link url={`/offers/${offer.id}`} removeUnderline dataPrimaryLink>
                      <Text as="span" fontWeight="semibold">
                        <span data-offer-name>{offer.name}</span>
                      </Text>
                    </Link>
                    <InlineStack>
                      <KindBadge kind={offer.kind} />
                    </InlineStack>
                    <div style={{ maxWidth: 280, whiteSpace: "normal" }}>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {termsLine(offer)}
                      </Text>
                    </div>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <OfferStatusBadge status={offer.status} />
                </IndexTable.Cell>
                <OfferResultCells result={resultOf(offer.id)} currency={currency} state={results.status} />
                <IndexTable.Cell>
                  {/* Edit is the offer's name (the row's link); with the results columns a second button did not fit. */}
                  <InlineStack gap="200" wrap={false}>
                    <PauseButton offer={offer} busy={busy === offer.id} onToggle={setStatus} />
                  </InlineStack>
                </IndexTable.Cell>
              </IndexTable.Row>
              ),
            )}
          </IndexTable>
        )}
      </Card>
      {results.status === "error" && <ErrorBanner error={results.error} onRetry={results.retry} title={strings.offerResults.unavailable} />}
      <OfferResultsHelp />
    </BlockStack>
  );
}

function OfferStatusBadge({ status }: { status: Offer["status"] }) {
  const t = strings.offers;
  return <Badge tone={status === "active" ? "success" : status === "paused" ? "warning" : undefined}>{t.statuses[status]}</Badge>;
}

/** Pauses an active offer or activates any other; the label names the offer for screen readers. */
function PauseButton({ offer, busy, onToggle }: { offer: Offer; busy: boolean; onToggle: (offer: Offer, status: Offer["status"]) => void }) {
  const t = strings.offers;
  const action = offer.status === "active" ? t.pause : t.activate;
  return (
    <Button size="slim" loading={busy} onClick={() => onToggle(offer, offer.status === "active" ? "paused" : "active")} accessibilityLabel={`${action}: ${offer.name}`}>
      {action}
    </Button>
  );
}
