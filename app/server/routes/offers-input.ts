import { z } from "zod";
import { DEFAULT_CONTROL_SHARE, DISCOUNT_TYPES, OFFER_LIMITS, OFFER_STATUSES, ORDER_SCOPES, offerRuleProblems, type Offer, type OfferTerms } from "../../domain/offers/offer";
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
const probability = z.number().min(0).max(1);
const money = z.number().finite().nonnegative().max(1_000_000);
const instant = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .nullable();

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
    name: z.string().trim().min(1).max(100),
    status: z.enum(OFFER_STATUSES).default("draft"),
    discountType: z.enum(DISCOUNT_TYPES),
    discountValue: z.number().finite().positive().max(1_000_000),
    minimumSubtotal: money.nullable().default(null),
    validityDays: z.number().int().min(1).max(OFFER_LIMITS.maxValidityDays),
    targeting: targetingSchema.default({}),
    orderScope: z.enum(ORDER_SCOPES).default("any_order"),
    controlShare: z.number().min(0).max(OFFER_LIMITS.maxControlShare).default(DEFAULT_CONTROL_SHARE),
    startsAt: instant.default(null),
    endsAt: instant.default(null),
    priority: z.number().int().min(-1000).max(1000).default(0),
  })
  .strict();

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
