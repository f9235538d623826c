/**
 * Encore's scores as app-owned customer metafields (namespace `$app:encore`), so merchants can read them on the
 * customer page and build customer segments on them in Shopify's segment editor.
 *
 * Types: the segment editor filters on customer metafields of the types "date and time, number, text, true or
 * false" only (help.shopify.com …/customer-segmentation/reference-guide/metafield-segments), so money is written
 * as a number (the shop's currency, named in the description) and labels as single-line text with `choices`.
 *
 * Writes are budgeted: a nightly re-score nudges every customer's numbers a little (one more day without an
 * order, a refitted model), and rewriting all of them would cost a large shop hours of Admin API budget. A value
 * is rewritten only when it moved by more than what the merchant can act on (CHANGE_TOLERANCE, below); labels
 * are rewritten when they change. Pure: no clock, no I/O.
 */
import { activityStatus, type ActivityStatus } from "../scoring/activity-model";
import { RFM_GROUPS } from "../scoring/rfm-segments";
import { VALUE_LADDER } from "../scoring/value-ladder";

/** The app-reserved namespace: Shopify stores it as `app--<api client id>--encore`. */
export const ENCORE_METAFIELD_NAMESPACE = "$app:encore";

/** metafieldsSet takes at most 25 metafields per call (Admin GraphQL 2026-10 schema description). */
export const METAFIELDS_PER_CALL = 25;

export const CUSTOMER_METAFIELD_KEYS = [
  "repeat_likelihood_90d",
  "churn_risk",
  "predicted_clv_365d",
  "rfm_group",
  "loyalty_segment",
  "expected_next_order_date",
] as const;
export type CustomerMetafieldKey = (typeof CUSTOMER_METAFIELD_KEYS)[number];

export type CustomerMetafieldType = "number_decimal" | "number_integer" | "single_line_text_field" | "date";

export interface CustomerMetafieldDefinition {
  key: CustomerMetafieldKey;
  name: string;
  description: string;
  type: CustomerMetafieldType;
  validations: { name: string; value: string }[];
  /**
   * Pinned definitions show on the customer page in the admin. A shop has 20 pins per owner type for every
   * app and the merchant together, so Encore pins only the three a merchant reads first.
   */
  pin: boolean;
}

export const CHURN_RISK_LABELS = ["low", "medium", "high"] as const;
export type ChurnRiskLabel = (typeof CHURN_RISK_LABELS)[number];

const choices = (values: readonly string[]) => ({ name: "choices", value: JSON.stringify(values) });

export const CUSTOMER_METAFIELD_DEFINITIONS: readonly CustomerMetafieldDefinition[] = [
  {
    key: "repeat_likelihood_90d",
    name: "Repeat likelihood (90 days)",
    description: "Encore: probability (0 to 1, e.g. 0.25 = 25 %) that the customer orders again within 90 days. Read-only; updated after each scoring run.",
    type: "number_decimal",
    validations: [
      { name: "min", value: "0" },
      { name: "max", value: "1" },
    ],
    pin: true,
  },
  {
    key: "churn_risk",
    name: "Churn risk",
    description: "Encore: low (at least 2:1 odds the customer is still active), medium, or high (at least 2:1 odds they have gone).",
    type: "single_line_text_field",
    validations: [choices(CHURN_RISK_LABELS)],
    pin: true,
  },
  {
    key: "predicted_clv_365d",
    name: "Predicted value (365 days)",
    description: "Encore: expected revenue from the customer over the next 365 days, in the shop's currency, whole units.",
    type: "number_integer",
    validations: [{ name: "min", value: "0" }],
    pin: true,
  },
  {
    key: "rfm_group",
    name: "RFM group",
    description: "Encore: recency-frequency-monetary group (champions, loyal, active, new, promising, needs_attention, at_risk, previously_loyal, almost_lost, dormant, prospects).",
    type: "single_line_text_field",
    validations: [choices(RFM_GROUPS)],
    pin: false,
  },
  {
    key: "loyalty_segment",
    name: "Lovers, likers, lurkers",
    description: "Encore: value ladder rung by repeat likelihood × expected order value (lover = top, lurker = bottom).",
    type: "single_line_text_field",
    validations: [choices(VALUE_LADDER)],
    pin: false,
  },
  {
    key: "expected_next_order_date",
    name: "Expected next order date",
    description: "Encore: the date (UTC) by which an order is more likely than not. Absent when that is over two years away.",
    type: "date",
    validations: [],
    pin: false,
  },
];

const DEFINITION_BY_KEY = new Map(CUSTOMER_METAFIELD_DEFINITIONS.map((definition) => [definition.key, definition]));

export function customerMetafieldDefinition(key: CustomerMetafieldKey): CustomerMetafieldDefinition {
  return DEFINITION_BY_KEY.get(key)!;
}

/**
 * How far a stored number may drift before it is rewritten (hysteresis against the last written value, so a
 * number hovering around a rounding edge is not rewritten every night):
 *  - repeat likelihood: 1 percentage point. Written with two decimals; the shown value stays within a point of
 *    the current estimate, finer than the model's own uncertainty and than any threshold a merchant types.
 *  - predicted value: 5 % of the written value, at least one currency unit. A 365-day CLV forecast is uncertain
 *    by far more than 5 %, and every day without an order lowers it a little: on the 100k-customer benchmark
 *    (bench/metafield-sync.ts, steady state after two weeks of nightly runs) a whole-unit rule rewrote about
 *    half the customers' value every night, 2 % about 11 %, 5 % about 7 % (mostly small values crossing a unit).
 *  - expected next order date: 7 days. The date is observation end + the median wait, so it moves a day per
 *    day for a customer who does not buy; a week is the resolution of segment filters like
 *    "in the next 30 days", and it limits such drift to one rewrite per customer per week.
 * Labels (churn risk, RFM group, value ladder) are rewritten whenever they change: those are the transitions
 * segments and flows act on.
 */
export interface ChangeTolerance {
  repeatLikelihood: number;
  predictedValueShare: number;
  predictedValueMin: number;
  nextOrderDays: number;
}

export const CHANGE_TOLERANCE: Readonly<ChangeTolerance> = {
  repeatLikelihood: 0.01,
  predictedValueShare: 0.05,
  predictedValueMin: 1,
  nextOrderDays: 7,
} as const;

/** What a customer's metafields are computed from (a CustomerScore row's columns). */
export interface CustomerMetafieldScore {
  pRepeat90: number;
  pAlive: number;
  predictedClv365: number;
  rfmSegment: string;
  loyaltySegment: string;
  expectedNextOrderAt: Date | null;
}

/** Values as Shopify stores them (always strings), by key; an absent key has no value (deleted if written). */
export type CustomerMetafieldValues = Partial<Record<CustomerMetafieldKey, string>>;

export function churnRiskLabel(pAlive: number): ChurnRiskLabel {
  const status: ActivityStatus = activityStatus(pAlive);
  return status === "active" ? "low" : status === "at_risk" ? "medium" : "high";
}

const MS_PER_DAY = 86_400_000;

/** The metafield values of one customer's score, formatted as Shopify wants them. */
export function customerMetafieldValues(score: CustomerMetafieldScore): CustomerMetafieldValues {
  const values: CustomerMetafieldValues = {};
  if (Number.isFinite(score.pRepeat90)) values.repeat_likelihood_90d = clamp01(score.pRepeat90).toFixed(2);
  if (Number.isFinite(score.pAlive)) values.churn_risk = churnRiskLabel(score.pAlive);
  if (Number.isFinite(score.predictedClv365)) values.predicted_clv_365d = String(Math.max(0, Math.round(score.predictedClv365)));
  if ((RFM_GROUPS as readonly string[]).includes(score.rfmSegment)) values.rfm_group = score.rfmSegment;
  if ((VALUE_LADDER as readonly string[]).includes(score.loyaltySegment)) values.loyalty_segment = score.loyaltySegment;
  if (score.expectedNextOrderAt && Number.isFinite(score.expectedNextOrderAt.getTime())) {
    values.expected_next_order_date = score.expectedNextOrderAt.toISOString().slice(0, 10);
  }
  return values;
}

export interface MetafieldWrite {
  key: CustomerMetafieldKey;
  type: CustomerMetafieldType;
  value: string;
}

export interface CustomerMetafieldChanges {
  /** Metafields to set (new or moved beyond tolerance). */
  set: MetafieldWrite[];
  /** Written earlier, no value now: delete (a stale value would mislead a segment). */
  remove: CustomerMetafieldKey[];
}

/**
 * What to write for one customer, given what was last written (null: nothing yet). `score` null means the
 * customer has no score any more: everything written is removed.
 */
export function customerMetafieldChanges(
  score: CustomerMetafieldScore | null,
  written: CustomerMetafieldValues | null,
  tolerance: Readonly<ChangeTolerance> = CHANGE_TOLERANCE,
): CustomerMetafieldChanges {
  const next = score ? customerMetafieldValues(score) : {};
  const previous = written ?? {};
  const set: MetafieldWrite[] = [];
  const remove: CustomerMetafieldKey[] = [];
  for (const key of CUSTOMER_METAFIELD_KEYS) {
    const value = next[key];
    const old = previous[key];
    if (value === undefined) {
      if (old !== undefined) remove.push(key);
      continue;
    }
    if (old === undefined || movedBeyondTolerance(key, score!, value, old, tolerance)) set.push({ key, type: customerMetafieldDefinition(key).type, value });
  }
  return { set, remove };
}

function movedBeyondTolerance(key: CustomerMetafieldKey, score: CustomerMetafieldScore, value: string, old: string, tolerance: Readonly<ChangeTolerance>): boolean {
  if (value === old) return false;
  switch (key) {
    case "repeat_likelihood_90d": {
      const written = Number(old);
      return !Number.isFinite(written) || Math.abs(clamp01(score.pRepeat90) - written) >= tolerance.repeatLikelihood - 1e-12;
    }
    case "predicted_clv_365d": {
      const written = Number(old);
      if (!Number.isFinite(written)) return true;
      const allowed = Math.max(tolerance.predictedValueMin, tolerance.predictedValueShare * Math.abs(written));
      return Math.abs(Math.max(0, score.predictedClv365) - written) >= allowed;
    }
    case "expected_next_order_date": {
      const days = Math.abs(Date.parse(`${value}T00:00:00Z`) - Date.parse(`${old}T00:00:00Z`)) / MS_PER_DAY;
      return !Number.isFinite(days) || days >= tolerance.nextOrderDays;
    }
    default:
      return true;
  }
}

/** The values stored after a sync: what was written before, with what Shopify accepted applied. */
export function applyMetafieldChanges(written: CustomerMetafieldValues | null, accepted: { set: MetafieldWrite[]; remove: CustomerMetafieldKey[] }): CustomerMetafieldValues {
  const values: CustomerMetafieldValues = { ...(written ?? {}) };
  for (const write of accepted.set) values[write.key] = write.value;
  for (const key of accepted.remove) delete values[key];
  return values;
}

/** Reads a stored JSON value back into metafield values, ignoring anything that is not one of ours. */
export function parseWrittenMetafields(json: unknown): CustomerMetafieldValues | null {
  if (!json || typeof json !== "object" || Array.isArray(json)) return null;
  const values: CustomerMetafieldValues = {};
  for (const key of CUSTOMER_METAFIELD_KEYS) {
    const value = (json as Record<string, unknown>)[key];
    if (typeof value === "string") values[key] = value;
  }
  return values;
}

/** One metafield of one owner, as a call's element. */
export interface OwnedMetafield<T> {
  ownerId: string;
  item: T;
}

/**
 * Packs owners' metafields into calls of at most `perCall` (25 for metafieldsSet) as they stream in: full calls
 * come out of `push`, the rest out of `flush`. An owner's metafields may span two calls; each metafield's
 * outcome is tracked on its own, so that costs nothing.
 */
export class MetafieldCallPacker<T> {
  private pending: OwnedMetafield<T>[] = [];

  constructor(private readonly perCall: number = METAFIELDS_PER_CALL) {
    if (!(perCall >= 1 && perCall <= METAFIELDS_PER_CALL)) throw new RangeError(`perCall must be 1..${METAFIELDS_PER_CALL}`);
  }

  push(ownerId: string, items: readonly T[]): OwnedMetafield<T>[][] {
    for (const item of items) this.pending.push({ ownerId, item });
    const calls: OwnedMetafield<T>[][] = [];
    while (this.pending.length >= this.perCall) calls.push(this.pending.splice(0, this.perCall));
    return calls;
  }

  flush(): OwnedMetafield<T>[][] {
    const calls = this.pending.length > 0 ? [this.pending] : [];
    this.pending = [];
    return calls;
  }

  get size(): number {
    return this.pending.length;
  }
}

/** ceil(n / 25): the calls a sync of n changed metafields makes when nothing fails. */
export function callsFor(metafields: number, perCall: number = METAFIELDS_PER_CALL): number {
  return Math.ceil(metafields / perCall);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
