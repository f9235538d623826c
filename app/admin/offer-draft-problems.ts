import { OFFER_LIMITS } from "../domain/offers/offer";
import { MAX_SEASONAL_WINDOWS, parseMonthDay } from "../domain/offers/seasonal-windows";
import type { OfferKind, SeasonalWindow, TargetingMode } from "./api-types";
import { strings } from "./i18n";
import { endsBeforeStart } from "./offer-schedule";

/** The form's text for the fields checked here (numbers as typed, shares in percent). */
export interface DraftFields {
  name: string;
  discountType: "percentage" | "fixed_amount";
  discountValue: string;
  validityDays: string;
  controlPercent: string;
  minPercent: string;
  maxPercent: string;
  includeSegments: string[];
  excludeSegments: string[];
  startsOn: string;
  endsOn: string;
  priority: string;
  kind: OfferKind;
  /** Birthday offers only; ignored (and not shown) for the other kinds. */
  leadDays: string;
  seasonalWindows: SeasonalWindow[];
  targetingMode: TargetingMode;
}

export interface DraftProblem {
  /** The API's field name, so a server answer and this check land under the same input. */
  field: string;
  message: string;
  /** Shown only after a save was tried (an empty name on a new form is not yet a mistake). */
  onSubmit?: boolean;
}

/**
 * What the form can tell as the merchant types, in the same words the server would answer: a 150 %
 * discount is flagged the moment it is typed, not after a round trip. The server still checks everything.
 */
export function draftProblems(draft: DraftFields): DraftProblem[] {
  const t = strings.offerDraft;
  const problems: DraftProblem[] = [];
  const number = (text: string) => (text.trim() === "" ? null : Number(text));
  if (draft.name.trim() === "") problems.push({ field: "name", message: t.nameMissing, onSubmit: true });

  const discount = number(draft.discountValue);
  const onlyOnSubmit = (empty: boolean) => (empty ? { onSubmit: true } : {});
  if (discount === null || Number.isNaN(discount)) problems.push({ field: "discountValue", message: t.notANumber, ...onlyOnSubmit(discount === null) });
  else if (discount <= 0) problems.push({ field: "discountValue", message: t.discountPositive });
  else if (draft.discountType === "percentage" && discount > OFFER_LIMITS.maxPercentage) {
    problems.push({ field: "discountValue", message: t.percentTooHigh(OFFER_LIMITS.maxPercentage) });
  }

  // Birthday codes run until a week after the birthday, whatever the validity (the form hides it for them).
  const days = number(draft.validityDays);
  if (draft.kind !== "birthday" && !validValidity(draft.validityDays)) {
    problems.push({ field: "validityDays", message: t.wholeDays(OFFER_LIMITS.maxValidityDays), ...onlyOnSubmit(days === null) });
  }

  if (draft.kind === "birthday") {
    const lead = number(draft.leadDays);
    if (lead === null || !Number.isInteger(lead) || lead < 0 || lead > OFFER_LIMITS.maxLeadDays) {
      problems.push({ field: "leadDays", message: t.leadDays(OFFER_LIMITS.maxLeadDays), ...onlyOnSubmit(lead === null) });
    }
  }

  const control = number(draft.controlPercent);
  const maxControl = OFFER_LIMITS.maxControlShare * 100;
  if (control !== null && !(control >= 0 && control <= maxControl)) problems.push({ field: "controlShare", message: t.controlRange(maxControl) });

  // Automatic targeting chooses the P(repeat) ranges itself: the form hides the limits and does not send them.
  if (draft.targetingMode === "manual") {
    const min = number(draft.minPercent);
    const max = number(draft.maxPercent);
    const inPercentRange = (value: number | null) => value === null || (value >= 0 && value <= 100);
    if (!inPercentRange(min)) problems.push({ field: "targeting.minPRepeat90", message: t.percentRange });
    if (!inPercentRange(max)) problems.push({ field: "targeting.maxPRepeat90", message: t.percentRange });
    else if (min !== null && max !== null && inPercentRange(min) && min >= max) problems.push({ field: "targeting.maxPRepeat90", message: t.bandOrder });
  }

  if (draft.includeSegments.some((segment) => draft.excludeSegments.includes(segment))) problems.push({ field: "targeting.excludeSegments", message: t.overlap });
  if (endsBeforeStart(draft.startsOn, draft.endsOn)) problems.push({ field: "endsAt", message: t.endBeforeStart });

  if (draft.seasonalWindows.length > MAX_SEASONAL_WINDOWS) problems.push({ field: "seasonalWindows", message: t.tooManyWindows(MAX_SEASONAL_WINDOWS) });
  draft.seasonalWindows.forEach((window, index) => {
    for (const edge of ["from", "to"] as const) {
      if (!parseMonthDay(window[edge])) problems.push({ field: `seasonalWindows.${index}.${edge}`, message: t.monthDay });
    }
  });

  const priority = number(draft.priority);
  if (priority !== null && !(Number.isInteger(priority) && priority >= -1000 && priority <= 1000)) problems.push({ field: "priority", message: t.priorityRange });
  return problems;
}

/** Whole days from 1 to the limit, as typed. */
export function validValidity(text: string): boolean {
  const days = text.trim() === "" ? null : Number(text);
  return days !== null && Number.isInteger(days) && days >= 1 && days <= OFFER_LIMITS.maxValidityDays;
}
