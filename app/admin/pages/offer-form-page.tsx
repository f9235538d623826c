import { Banner, BlockStack, Card, ChoiceList, FormLayout, InlineGrid, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { ApiError, apiRequest } from "../api-client";
import type { Offer, OfferKind, OfferPreview, SeasonalWindow, TargetingMode } from "../api-types";
import { BIRTHDAY_DAYS_AFTER } from "../../domain/offers/birthday-dates";
import { OFFER_LIMITS } from "../../domain/offers/offer";
import { CardHeading } from "../components/card-heading";
import { CardSkeleton, ErrorBanner } from "../components/page-states";
import { OfferAutoBandsCard } from "../components/offer-auto-bands";
import { KindBadge } from "../components/offer-kind-badge";
import { OfferPerformanceCard, OfferTimelineCard } from "../components/offer-performance";
import { OfferScheduleFields, type ScheduleDraft } from "../components/offer-schedule-fields";
import { SeasonalWindowsFields } from "../components/seasonal-windows-fields";
import { useToast } from "../components/toast";
import { formatMoney, formatNumber } from "../format";
import { strings } from "../i18n";
import { draftProblems, validValidity } from "../offer-draft-problems";
import { scheduleFromApi, scheduleToApi } from "../offer-schedule";
import { useLocationPath } from "../router";
import { useApi } from "../use-api";

const KINDS: OfferKind[] = ["next_purchase", "win_back", "birthday"];
const SEGMENT_CHOICES = ["lover", "liker", "lurker", "champions", "loyal", "active", "new", "promising", "needs_attention", "at_risk", "previously_loyal", "almost_lost", "dormant"];

/** The form's text state: numbers stay strings until submitted, so a half-typed value is not rewritten. */
interface OfferDraft extends ScheduleDraft {
  name: string;
  status: Offer["status"];
  discountType: Offer["discountType"];
  discountValue: string;
  minimumSubtotal: string;
  validityDays: string;
  orderScope: Offer["orderScope"];
  controlPercent: string;
  minPercent: string;
  maxPercent: string;
  includeSegments: string[];
  excludeSegments: string[];
  /** Chosen on create only; the API refuses a change. */
  kind: OfferKind;
  leadDays: string;
  seasonalWindows: SeasonalWindow[];
  targetingMode: TargetingMode;
}

const NEW_OFFER: OfferDraft = {
  name: "",
  status: "draft",
  discountType: "percentage",
  discountValue: "10",
  minimumSubtotal: "",
  validityDays: "30",
  orderScope: "first_order",
  controlPercent: "10",
  minPercent: "",
  maxPercent: "",
  includeSegments: [],
  excludeSegments: [],
  startsOn: "",
  endsOn: "",
  priority: "0",
  stored: { startsAt: null, endsAt: null },
  kind: "next_purchase",
  leadDays: "7",
  seasonalWindows: [],
  targetingMode: "manual",
};

function toDraft(offer: Offer): OfferDraft {
  const percent = (value: number | undefined) => (value === undefined ? "" : String(Math.round(value * 1000) / 10));
  return {
    name: offer.name,
    status: offer.status,
    discountType: offer.discountType,
    discountValue: String(offer.discountValue),
    minimumSubtotal: offer.minimumSubtotal === null ? "" : String(offer.minimumSubtotal),
    validityDays: String(offer.validityDays),
    orderScope: offer.orderScope,
    controlPercent: percent(offer.controlShare),
    minPercent: percent(offer.targeting.minPRepeat90),
    maxPercent: percent(offer.targeting.maxPRepeat90),
    includeSegments: offer.targeting.includeSegments ?? [],
    excludeSegments: offer.targeting.excludeSegments ?? [],
    ...scheduleFromApi(offer.startsAt, offer.endsAt),
    priority: String(offer.priority),
    stored: { startsAt: offer.startsAt, endsAt: offer.endsAt },
    kind: offer.kind,
    leadDays: offer.leadDays === null ? NEW_OFFER.leadDays : String(offer.leadDays),
    seasonalWindows: offer.seasonalWindows,
    targetingMode: offer.targetingMode,
  };
}

/** Empty text → undefined; anything else → a number (NaN included, so the server names the field). */
const numberOrUndefined = (text: string) => (text.trim() === "" ? undefined : Number(text));
const share = (text: string) => {
  const value = numberOrUndefined(text);
  return value === undefined ? undefined : value / 100;
};

/**
 * The API's body. Fields of another kind or mode are left out as the server wants them (no lead unless
 * birthday, any order unless next purchase, no P(repeat) range when automatic), so values hidden by a
 * switch of kind or mode are kept in the form but never sent.
 */
function toBody(draft: OfferDraft) {
  const manual = draft.targetingMode === "manual";
  return {
    name: draft.name,
    status: draft.status,
    discountType: draft.discountType,
    discountValue: Number(draft.discountValue),
    minimumSubtotal: numberOrUndefined(draft.minimumSubtotal) ?? null,
    // Birthday codes run until a week after the birthday whatever this says; the field is hidden for them.
    validityDays: draft.kind === "birthday" && !validValidity(draft.validityDays) ? Number(NEW_OFFER.validityDays) : Number(draft.validityDays),
    orderScope: draft.kind === "next_purchase" ? draft.orderScope : "any_order",
    controlShare: share(draft.controlPercent) ?? 0,
    kind: draft.kind,
    leadDays: draft.kind === "birthday" ? (numberOrUndefined(draft.leadDays) ?? null) : null,
    seasonalWindows: draft.seasonalWindows,
    targetingMode: draft.targetingMode,
    targeting: {
      ...(manual && share(draft.minPercent) !== undefined ? { minPRepeat90: share(draft.minPercent) } : {}),
      ...(manual && share(draft.maxPercent) !== undefined ? { maxPRepeat90: share(draft.maxPercent) } : {}),
      ...(draft.includeSegments.length > 0 ? { includeSegments: draft.includeSegments } : {}),
      ...(draft.excludeSegments.length > 0 ? { excludeSegments: draft.excludeSegments } : {}),
    },
    ...scheduleToApi(draft.startsOn, draft.endsOn, draft.stored),
    priority: numberOrUndefined(draft.priority) ?? 0,
  };
}

export function OfferFormPage({ id }: { id?: string }) {
  return id ? <EditOffer id={id} /> : <OfferForm />;
}

function EditOffer({ id }: { id: string }) {
  const t = strings.offerForm;
  const state = useApi<{ offer: Offer }>(`/offers/${encodeURIComponent(id)}`);
  if (state.status === "ready") return <OfferForm key={state.data.offer.id} offer={state.data.offer} />;
  return (
    <Page backAction={{ content: t.back, url: "/offers" }} title={t.editTitle}>
      {state.status === "loading" ? <CardSkeleton lines={10} /> : <ErrorBanner error={state.error} onRetry={state.retry} />}
    </Page>
  );
}

function OfferForm({ offer }: { offer?: Offer }) {
  const t = strings.offerForm;
  const o = strings.offers;
  const { navigate } = useLocationPath();
  const [draft, setDraft] = useState<OfferDraft>(offer ? toDraft(offer) : NEW_OFFER);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [triedToSave, setTriedToSave] = useState(false);
  const toast = useToast();
  const set = <K extends keyof OfferDraft>(key: K) => (value: OfferDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  // What the form sees as the merchant types (a 150% discount at once), then what the server answered.
  const local = draftProblems(draft).filter((problem) => triedToSave || !problem.onSubmit);
  const server = error instanceof ApiError ? error.fields : [];
  const fields = local.length > 0 ? local : server;
  const fieldError = (...names: string[]) => [...new Set(fields.filter((problem) => names.includes(problem.field)).map((problem) => problem.message))].join("; ") || undefined;
  const fieldLabel = (field: string) => {
    const range = /^seasonalWindows\.(\d+)\.(from|to)$/.exec(field);
    if (range) return strings.offerDraft.windowFieldLabel(Number(range[1]) + 1, range[2]);
    return strings.offerDraft.fieldLabels[field] ?? field;
  };

  const submit = async () => {
    setTriedToSave(true);
    if (draftProblems(draft).length > 0) return;
    setSaving(true);
    setError(null);
    try {
      const body = JSON.stringify(toBody(draft));
      if (offer) await apiRequest(`/offers/${offer.id}`, { method: "PUT", body });
      else await apiRequest("/offers", { method: "POST", body });
      toast(t.saved);
      navigate("/offers");
    } catch (caught) {
      setError(caught as Error);
      setSaving(false);
    }
  };

  return (
    <Page
      backAction={{ content: t.back, url: "/offers" }}
      title={offer ? offer.name : t.newTitle}
      titleMetadata={offer ? <KindBadge kind={offer.kind} /> : undefined}
      primaryAction={{ content: strings.common.save, onAction: submit, loading: saving }}
      secondaryActions={[{ content: strings.common.cancel, url: "/offers" }]}
    >
      <Layout>
        <Layout.Section>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <BlockStack gap="400">
              {(error || (triedToSave && local.length > 0)) && (
                <Banner tone="critical" title={fields.length > 0 ? t.fixErrors : strings.common.saveFailed}>
                  <p data-form-problems>{fields.length > 0 ? fields.map((problem) => `${fieldLabel(problem.field)}: ${problem.message}`).join(" · ") : error?.message}</p>
                </Banner>
              )}
              <Card>
                <FormLayout>
                  {offer ? (
                    // Fixed after creation (the API refuses a change): said in words, not as greyed-out radios.
                    <BlockStack gap="100">
                      <Text as="p">{t.kind}</Text>
                      <Text as="p" fontWeight="semibold">
                        <span data-offer-kind-fixed={offer.kind}>{t.kindChoices[offer.kind]}</span>
                      </Text>
                      <Text as="p" variant="bodySm" tone="subdued">
                        {t.kindHelp[offer.kind]} {t.kindFixed}
                      </Text>
                    </BlockStack>
                  ) : (
                    <ChoiceList
                      title={t.kind}
                      choices={KINDS.map((value) => ({ value, label: t.kindChoices[value], helpText: t.kindHelp[value] }))}
                      selected={[draft.kind]}
                      onChange={([kind]) => set("kind")(kind as OfferKind)}
                      error={fieldError("kind")}
                    />
                  )}
                  <TextField label={t.name} value={draft.name} onChange={set("name")} autoComplete="off" error={fieldError("name")} maxLength={100} />
                  <FormLayout.Group>
                    <Select
                      label={t.status}
                      value={draft.status}
                      onChange={(value) => set("status")(value as Offer["status"])}
                      options={["draft", "active", "paused"].map((value) => ({ value, label: o.statuses[value] }))}
                    />
                    {/* Only next-purchase offers are decided per order; birthday offers have their lead instead. */}
                    {draft.kind === "next_purchase" && (
                      <Select
                        label={t.orderScope}
                        value={draft.orderScope}
                        onChange={(value) => set("orderScope")(value as Offer["orderScope"])}
                        options={["first_order", "any_order"].map((value) => ({ value, label: o.scopes[value] }))}
                        error={fieldError("orderScope")}
                      />
                    )}
                    {draft.kind === "birthday" && (
                      <TextField
                        label={t.leadDays}
                        type="number"
                        min={0}
                        max={OFFER_LIMITS.maxLeadDays}
                        value={draft.leadDays}
                        onChange={set("leadDays")}
                        autoComplete="off"
                        helpText={t.leadDaysHelp(OFFER_LIMITS.maxLeadDays, BIRTHDAY_DAYS_AFTER)}
                        error={fieldError("leadDays")}
                      />
                    )}
                  </FormLayout.Group>
                  <FormLayout.Group>
                    <Select
                      label={t.discountType}
                      value={draft.discountType}
                      onChange={(value) => set("discountType")(value as Offer["discountType"])}
                      options={["percentage", "fixed_amount"].map((value) => ({ value, label: o.discountTypes[value] }))}
                    />
                    <TextField
                      label={t.discountValue}
                      type="number"
                      value={draft.discountValue}
                      onChange={set("discountValue")}
                      autoComplete="off"
                      helpText={draft.discountType === "percentage" ? t.discountValueHelpPercent : t.discountValueHelpAmount}
                      error={fieldError("discountValue")}
                    />
                  </FormLayout.Group>
                  <FormLayout.Group>
                    <TextField label={t.minimumSubtotal} type="number" value={draft.minimumSubtotal} onChange={set("minimumSubtotal")} autoComplete="off" error={fieldError("minimumSubtotal")} />
                    {draft.kind === "birthday" ? (
                      <Text as="p" tone="subdued">
                        {t.birthdayValidity(BIRTHDAY_DAYS_AFTER)}
                      </Text>
                    ) : (
                      <TextField label={t.validityDays} type="number" value={draft.validityDays} onChange={set("validityDays")} autoComplete="off" error={fieldError("validityDays")} />
                    )}
                  </FormLayout.Group>
                  <TextField
                    label={t.controlShare}
                    type="number"
                    value={draft.controlPercent}
                    onChange={set("controlPercent")}
                    autoComplete="off"
                    helpText={t.controlShareHelp}
                    error={fieldError("controlShare")}
                  />
                </FormLayout>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <CardHeading title={t.targetingTitle} />
                  <FormLayout>
                    <div data-targeting-mode-choice>
                      <ChoiceList
                        title={t.targetingMode}
                        choices={(["manual", "auto"] as const).map((value) => ({ value, label: t.targetingModes[value], helpText: t.targetingModeHelp[value] }))}
                        selected={[draft.targetingMode]}
                        onChange={([mode]) => set("targetingMode")(mode as TargetingMode)}
                        error={fieldError("targetingMode")}
                      />
                    </div>
                    {draft.targetingMode === "manual" && (
                      <FormLayout.Group>
                        <TextField label={t.minPRepeat90} type="number" value={draft.minPercent} onChange={set("minPercent")} autoComplete="off" error={fieldError("targeting.minPRepeat90")} />
                        <TextField
                          label={t.maxPRepeat90}
                          type="number"
                          value={draft.maxPercent}
                          onChange={set("maxPercent")}
                          autoComplete="off"
                          helpText={t.bandHelp}
                          error={fieldError("targeting.maxPRepeat90")}
                        />
                      </FormLayout.Group>
                    )}
                    <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
                      <ChoiceList
                        allowMultiple
                        title={t.includeSegments}
                        choices={SEGMENT_CHOICES.map((value) => ({ value, label: strings.segments[value] }))}
                        selected={draft.includeSegments}
                        onChange={set("includeSegments")}
                        error={fieldError("targeting.includeSegments")}
                      />
                      <ChoiceList
                        allowMultiple
                        title={t.excludeSegments}
                        choices={SEGMENT_CHOICES.map((value) => ({ value, label: strings.segments[value] }))}
                        selected={draft.excludeSegments}
                        onChange={set("excludeSegments")}
                        error={fieldError("targeting.excludeSegments")}
                      />
                    </InlineGrid>
                  </FormLayout>
                </BlockStack>
              </Card>
              <SeasonalWindowsFields value={draft.seasonalWindows} onChange={set("seasonalWindows")} fieldError={fieldError} />
              <OfferScheduleFields value={draft} onChange={(next) => setDraft((current) => ({ ...current, ...next }))} fieldError={fieldError} />
            </BlockStack>
          </form>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ReachPreview draft={draft} />
            {offer && <OfferPerformanceCard offerId={offer.id} kind={offer.kind} />}
          </BlockStack>
        </Layout.Section>
        {/* The mode as saved: the bands are what the engine decides for this offer now. */}
        {offer?.targetingMode === "auto" && (
          <Layout.Section>
            <OfferAutoBandsCard offerId={offer.id} />
          </Layout.Section>
        )}
        {offer && (
          <Layout.Section>
            <OfferTimelineCard offerId={offer.id} />
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}

/** Asks /api/offers/preview after a pause in typing; values the server rejects just hide the numbers. */
function ReachPreview({ draft }: { draft: OfferDraft }) {
  const t = strings.offerForm;
  const query = useMemo(() => {
    const body = toBody(draft);
    const params = new URLSearchParams({
      orderScope: body.orderScope,
      discountType: body.discountType,
      discountValue: String(body.discountValue),
      validityDays: String(body.validityDays),
      controlShare: String(body.controlShare),
    });
    const { minPRepeat90, maxPRepeat90, includeSegments, excludeSegments } = body.targeting;
    if (minPRepeat90 !== undefined) params.set("minPRepeat90", String(minPRepeat90));
    if (maxPRepeat90 !== undefined) params.set("maxPRepeat90", String(maxPRepeat90));
    if (includeSegments) params.set("includeSegments", includeSegments.join(","));
    if (excludeSegments) params.set("excludeSegments", excludeSegments.join(","));
    return params.toString();
  }, [draft]);
  const [debounced, setDebounced] = useState(query);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(query), 350);
    return () => clearTimeout(timer);
  }, [query]);
  const state = useApi<OfferPreview>(`/offers/preview?${debounced}`);
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading title={t.previewTitle} help={t.previewHelp} />
        {state.status === "loading" && <Text as="p" tone="subdued">…</Text>}
        {state.status === "error" && <Text as="p" tone="subdued">{t.previewUnavailable}</Text>}
        {state.status === "ready" && (
          <dl data-preview>
            <BlockStack gap="200">
              <PreviewLine label={t.reach} value={formatNumber(state.data.reach)} testId="reach" />
              <PreviewLine label={t.issued} value={formatNumber(state.data.issued)} />
              <PreviewLine label={t.expectedRedemptions} value={formatNumber(state.data.expectedRedemptions)} />
              <PreviewLine label={t.perRedemption} value={formatMoney(state.data.discountPerRedemption, state.data.currency)} />
              <PreviewLine label={t.expectedCost} value={formatMoney(state.data.expectedCost, state.data.currency)} testId="cost" />
            </BlockStack>
          </dl>
        )}
        {state.status === "ready" && (
          <Text as="p" variant="bodySm" tone="subdued">
            <span data-preview-window>{t.previewWindow(state.data.windowDays)}</span>
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

function PreviewLine({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
      <Text as="dt" tone="subdued">
        {label}
      </Text>
      <Text as="dd" fontWeight="semibold" numeric>
        <span data-preview-value={testId}>{value}</span>
      </Text>
    </div>
  );
}
