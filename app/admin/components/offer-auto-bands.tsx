import { Badge, BlockStack, Box, Card, InlineStack, SkeletonBodyText, Text } from "@shopify/polaris";
import type { AutoBand, AutoBandsResponse } from "../api-types";
import { formatMoney, formatNumber, formatPointChange } from "../format";
import { strings } from "../i18n";
import { useApi } from "../use-api";
import { CardHeading } from "./card-heading";
import { ErrorBanner } from "./page-states";

const TONES = { give: "success", withhold: "warning", learning: "info" } as const;

/**
 * An auto offer's per-band decisions as the issuing path uses them (GET /api/offers/:id/auto-bands): each
 * P(repeat) band's badge and the engine's own reason, then the numbers it rests on.
 */
export function OfferAutoBandsCard({ offerId }: { offerId: string }) {
  const t = strings.autoBands;
  const state = useApi<AutoBandsResponse>(`/offers/${encodeURIComponent(offerId)}/auto-bands`);
  return (
    <Card>
      <div data-auto-bands>
        <BlockStack gap="300">
          <CardHeading title={t.title} help={state.status === "ready" ? t.help(state.data.trailingDays, state.data.windowDays) : undefined} />
          <Text as="p" tone="subdued">
            {t.intro}
          </Text>
          {state.status === "loading" && <SkeletonBodyText lines={6} />}
          {state.status === "error" && <ErrorBanner error={state.error} onRetry={state.retry} title={t.unavailable} />}
          {state.status === "ready" && (
            <BlockStack gap="0">
              {state.data.bands.map((band, index) => (
                <BandRow key={band.bandId} band={band} currency={state.data.currency} first={index === 0} />
              ))}
            </BlockStack>
          )}
        </BlockStack>
      </div>
    </Card>
  );
}

function BandRow({ band, currency, first }: { band: AutoBand; currency: string; first: boolean }) {
  const t = strings.autoBands;
  const money = (value: number) => formatMoney(value, currency);
  // Once decided (or inconclusive), the figures at a glance, money in the shop's currency; while learning the
  // reason already says all there is (how many are measured and how many are needed).
  const profit = band.incrementalProfit;
  const facts =
    band.lift && profit
      ? [
          t.measured(formatNumber(band.measured.issued), formatNumber(band.measured.control)),
          t.lift(formatPointChange(band.lift.difference), formatPointChange(band.lift.interval.lower), formatPointChange(band.lift.interval.upper)),
          t.cost(money(band.costPerCustomer)),
          t.profit(money(profit.estimate), money(profit.lower), money(profit.upper)),
        ]
      : [];
  return (
    <Box paddingBlock="300" borderBlockStartWidth={first ? undefined : "025"} borderColor="border-secondary">
      <div data-auto-band={band.bandId} data-auto-decision={band.decision}>
        <BlockStack gap="150">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {t.band(band.label)}
            </Text>
            <Badge tone={TONES[band.decision]}>{t.decisions[band.decision]}</Badge>
          </InlineStack>
          <Text as="p">
            <span data-auto-reason>{withoutHeadline(band.reason, t.decisions[band.decision])}</span>
          </Text>
          {facts.length > 0 && (
            <Text as="p" variant="bodySm" tone="subdued">
              <span data-auto-facts>{facts.join(" · ")}</span>
            </Text>
          )}
        </BlockStack>
      </div>
    </Box>
  );
}

/** The engine's paragraph opens with the decision ("Give the code. …"), which the badge already says. */
export function withoutHeadline(reason: string, headline: string): string {
  return reason.startsWith(`${headline}. `) ? reason.slice(headline.length + 2) : reason;
}
