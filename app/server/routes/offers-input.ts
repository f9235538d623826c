import { z } from "zod";
import {
  DEFAULT_CONTROL_SHARE,
  DISCOUNT_TYPES,
  OFFER_KINDS,
  OFFER_LIMITS,
  OFFER_STATUSES,
  ORDER_SCOPES,
  TARGETING_MODES,
  offerRuleProblems,
  type Offer,
  type OfferTerms,
} from "../../domain/offers/offer";
import { MAX_SEASONAL_WINDOWS, parseMonthDay } from "../../domain/offers/seasonal-windows";
import { isOfferSegment, OFFER_SEGMENTS } from "../../domain/offers/segments";
import { SURVEY_LIMITS, SURVEY_LOCALES, type SurveySettings } from "../../domain/offers/survey";
import { AppError } from "../errors";
import { parseInput as parseRequest } from "../validation";

/** The shared zod parse (400 naming every field), then rules across fields, also reported by field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, extraRules?: (parsed: T) => { field: string; message: string }[]): T {
  const parsed = parseRequest(schema, value) as T;
  const problems = extraRules?.(parsed) ?? [];
  if (problems.length > 0) throw AppError.validation(problems);
  return parsed;
}

const segment = z.string().refine(isOfferSegment, { message: `unknown segment; expected one of ${OFFER_SEGMENTS.join(", ")}` });
// Messages are the merchant's words (the admin shows them under the field), not zod's defaults such as
// "Too small: expected string to have >=1 characters". Shares travel as 0–1 but are typed as percentages.
const number = (what: string) => z.number({ error: `Enter ${what} as a number` }).finite({ error: `Enter ${what} as a number` });
const probability = number("a percentage").min(0, { error: "Enter a percentage from 0 to 100" }).max(1, { error: "Enter a percentage from 0 to 100" });
const money = number("an amount").nonnegative({ error: "Enter an amount of 0 or more" }).max(1_000_000, { error: "Enter an amount of at most 1,000,000" });
const instant = z.iso
  .datetime({ offset: true, error: "Enter a date (ISO 8601 with a time zone, such as 2027-01-31T00:00:00Z)" })
  .transform((value) => new Date(value))
  .nullable();

const monthDay = z
  .string({ error: "Enter a day of the year as MM-DD, such as 12-24" })
  .refine((value) => parseMonthDay(value) !== null, { error: "Enter a day of the year as MM-DD, such as 12-24" });
const seasonalWindowsSchema = z
  .array(z.object({ from: monthDay, to: monthDay }, { error: "Enter each date range as { from, to }" }).strict(), {
    error: "Enter the date ranges as a list (an empty list means all year)",
  })
  .max(MAX_SEASONAL_WINDOWS, { error: `Use at most ${MAX_SEASONAL_WINDOWS} date ranges` });

const targetingSchema = z
  .object({
    minPRepeat90: probability.optional(),
    maxPRepeat90: probability.optional(),
    includeSegments: z.array(segment).max(OFFER_SEGMENTS.length).optional(),
    excludeSegments: z.array(segment).max(OFFER_SEGMENTS.length).optional(),
  })
  .strict();

/** POST /api/offers and PUT /api/offers/:id (PATCH merges onto the stored offer, then parses the same). */
export const offerInputSchema = z
  .object({
    name: z
      .string({ error: "Enter a name for the offer" })
      .trim()
      .min(1, { error: "Enter a name for the offer" })
      .max(100, { error: "Keep the name to 100 characters" }),
    status: z.enum(OFFER_STATUSES, { error: "Choose draft, active or paused" }).default("draft"),
    discountType: z.enum(DISCOUNT_TYPES, { error: "Choose a percentage or a fixed amount" }),
    discountValue: number("the discount").positive({ error: "Enter a discount above 0" }).max(1_000_000, { error: "Enter a discount of at most 1,000,000" }),
    minimumSubtotal: money.nullable().default(null),
    validityDays: number("the number of days")
      .int({ error: "Enter whole days" })
      .min(1, { error: "A code must be valid for at least 1 day" })
      .max(OFFER_LIMITS.maxValidityDays, { error: `A code can be valid for at most ${OFFER_LIMITS.maxValidityDays} days` }),
    targeting: targetingSchema.default({}),
    orderScope: z.enum(ORDER_SCOPES, { error: "Choose first orders or any order" }).default("any_order"),
    controlShare: number("the control group")
      .min(0, { error: `Keep the control group between 0% and ${OFFER_LIMITS.maxControlShare * 100}%` })
      .max(OFFER_LIMITS.maxControlShare, { error: `Keep the control group between 0% and ${OFFER_LIMITS.maxControlShare * 100}%` })
      .default(DEFAULT_CONTROL_SHARE),
    startsAt: instant.default(null),
    endsAt: instant.default(null),
    priority: number("the priority")
      .int({ error: "Enter a whole number from -1000 to 1000" })
      .min(-1000, { error: "Enter a whole number from -1000 to 1000" })
      .max(1000, { error: "Enter a whole number from -1000 to 1000" })
      .default(0),
    kind: z.enum(OFFER_KINDS, { error: "Choose next purchase, win-back or birthday" }).default("next_purchase"),
    leadDays: number("the days before the birthday")
      .int({ error: `Enter the days before the birthday as a whole number from 0 to ${OFFER_LIMITS.maxLeadDays}` })
      .min(0, { error: `Enter the days before the birthday as a whole number from 0 to ${OFFER_LIMITS.maxLeadDays}` })
      .max(OFFER_LIMITS.maxLeadDays, { error: `Enter the days before the birthday as a whole number from 0 to ${OFFER_LIMITS.maxLeadDays}` })
      .nullable()
      .default(null),
    seasonalWindows: seasonalWindowsSchema.default([]),
    targetingMode: z.enum(TARGETING_MODES, { error: "Choose manual or automatic targeting" }).default("manual"),
  })
  .strict();

/**
 * The fields added with offer kinds: a PUT that leaves them out (a form that predates them) keeps the stored
 * values instead of resetting the offer to a next-purchase one. The kind never changes after creation: an
 * offer's history (its decisions and performance) is of one kind.
 */
export function keptOnUpdate(stored: Offer) {
  return { kind: stored.kind, leadDays: stored.leadDays, seasonalWindows: stored.seasonalWindows, targetingMode: stored.targetingMode };
}

export function parseOfferUpdate(stored: Offer, body: unknown): OfferTerms {
  const merged = typeof body === "object" && body !== null && !Array.isArray(body) ? { ...keptOnUpdate(stored), ...body } : body;
  const terms = parseOfferTerms(merged);
  if (terms.kind !== stored.kind) {
    throw AppError.validation([{ field: "kind", message: "An offer's kind cannot change once it is created; create a new offer of the other kind" }]);
  }
  return terms;
}

export function parseOfferTerms(body: unknown): OfferTerms {
  const parsed = parseInput(offerInputSchema, body, (terms) => offerRuleProblems(terms));
  return { ...parsed, discountValue: roundCents(parsed.discountValue), minimumSubtotal: parsed.minimumSubtotal === null ? null : roundCents(parsed.minimumSubtotal) };
}

/** The API's JSON for an offer (dates as ISO strings); also the base a PATCH is merged onto. */
export function offerJson(offer: Offer) {
  return {
    id: offer.id,
    name: offer.name,
    status: offer.status,
    discountType: offer.discountType,
    discountValue: offer.discountValue,
    minimumSubtotal: offer.minimumSubtotal,
    validityDays: offer.validityDays,
    targeting: offer.targeting,
    orderScope: offer.orderScope,
    controlShare: offer.controlShare,
    startsAt: offer.startsAt?.toISOString() ?? null,
    endsAt: offer.endsAt?.toISOString() ?? null,
    priority: offer.priority,
    kind: offer.kind,
    leadDays: offer.leadDays,
    seasonalWindows: offer.seasonalWindows,
    targetingMode: offer.targetingMode,
    createdAt: offer.createdAt.toISOString(),
  };
}

const surveyQuestion = z.string().trim().min(1).max(SURVEY_LIMITS.maxQuestionLength);
const surveyOption = z.string().trim().min(1).max(SURVEY_LIMITS.maxOptionLength);
// A translation may be saved half done (empty fields); shoppers see the original text until it is complete.
const surveyText = z
  .object({
    question: z.string().trim().max(SURVEY_LIMITS.maxQuestionLength),
    options: z.array(z.string().trim().max(SURVEY_LIMITS.maxOptionLength)).max(SURVEY_LIMITS.maxOptions),
  })
  .strict();

export const surveyInputSchema = z
  .object({
    enabled: z.boolean().default(true),
    question: surveyQuestion,
    options: z
      .array(surveyOption)
      .min(SURVEY_LIMITS.minOptions)
      .max(SURVEY_LIMITS.maxOptions)
      .refine((options) => new Set(options).size === options.length, { message: "options must be distinct" }),
    translations: z.partialRecord(z.enum(SURVEY_LOCALES.filter((locale) => locale !== "en")), surveyText).default({}),
  })
  .strict()
  .superRefine((survey, context) => {
    for (const [locale, text] of Object.entries(survey.translations)) {
      if (text && text.options.length !== survey.options.length) {
        context.addIssue({
          code: "custom",
          path: ["translations", locale, "options"],
          message: `needs one translation per answer (${survey.options.length})`,
        });
      }
    }
  }) satisfies z.ZodType<SurveySettings, unknown>;

export const shopifyGid = (resource: string) =>
  z.string().regex(new RegExp(`^gid://shopify/${resource}/\\d+$`), { message: `must be a gid://shopify/${resource}/<id>` });

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
