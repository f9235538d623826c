/**
 * When a customer's status changes in a way a merchant wants to act on (a Flow trigger, a win-back offer).
 *
 * Two transitions, each read from the status Encore last saw (CustomerActivation) and the status the latest
 * scoring run gives (CustomerScore):
 *  - "at_risk": the customer leaves "active" for a worse churn status (activity-model.ts: P(alive) fell below
 *    2/3). active → likely_lost counts too: with weekly scoring or after a refit a customer can cross the
 *    whole at-risk band between two observations, and skipping them would drop exactly the customers who
 *    need a win-back most. likely_lost → at_risk does not count: P(alive) only rises after a new order (or a
 *    refit), so that customer is coming back, and a "we miss you" message would greet them right after a
 *    purchase.
 *  - "lover": the customer reaches the top rung of the value ladder from a lower one.
 *
 * Nothing fires on the first observation (no status seen before): otherwise the first run after install would
 * announce every at-risk customer and every lover in the shop as if they had just changed.
 *
 * A cool-down keeps a customer hovering at a threshold (active, at risk, active, at risk…) from being
 * messaged on every crossing: a transition within COOL_DOWN_DAYS of the same transition's last trigger is
 * recorded as the customer's new status but fires nothing.
 */
import type { ActivityStatus } from "../scoring/activity-model";

export type TransitionKind = "at_risk" | "lover";

export const TRANSITION_KINDS: readonly TransitionKind[] = ["at_risk", "lover"];

/** A win-back message a month apart is a reminder; two in a week are spam. A "welcome to our best customers"
 * message is meant once a season, and the ladder's boundaries move with every re-score. */
export const COOL_DOWN_DAYS: Record<TransitionKind, number> = { at_risk: 30, lover: 90 };

export const LOVER_SEGMENT = "lover";

/** What Encore last recorded for a customer; null fields were never observed (e.g. a row another feature created). */
export interface SeenState {
  churnStatus: string | null;
  loyaltySegment: string | null;
}

/** What the latest score says. */
export interface ObservedState {
  churnStatus: ActivityStatus;
  loyaltySegment: string;
}

const DAY_MS = 86_400_000;

/** The transitions from `previous` to `current`, before the cool-down. No previous state: none. */
export function candidateTransitions(previous: SeenState | null, current: ObservedState): TransitionKind[] {
  const kinds: TransitionKind[] = [];
  if (previous?.churnStatus === "active" && current.churnStatus !== "active") kinds.push("at_risk");
  if (previous?.loyaltySegment != null && previous.loyaltySegment !== LOVER_SEGMENT && current.loyaltySegment === LOVER_SEGMENT) kinds.push("lover");
  return kinds;
}

/** True while the last trigger of this kind for the customer is less than COOL_DOWN_DAYS old. */
export function isCoolingDown(kind: TransitionKind, lastFiredAt: Date | null | undefined, now: Date): boolean {
  return lastFiredAt != null && now.getTime() - lastFiredAt.getTime() < COOL_DOWN_DAYS[kind] * DAY_MS;
}

/**
 * The outbox key of a transition: one per customer, kind and UTC day. Two runs (or workers) that detect the
 * same change on the same day insert one row; a real second change is at least COOL_DOWN_DAYS later, so on
 * another day. Customer ids are Encore's (the Customer row), not Shopify's.
 */
export function transitionDedupeKey(kind: TransitionKind, customerId: string, now: Date): string {
  return `${kind === "at_risk" ? "at-risk" : "lover"}:${customerId}:${now.toISOString().slice(0, 10)}`;
}

export interface TransitionEvent {
  kind: TransitionKind;
  dedupeKey: string;
}

/**
 * The events to fire for one customer: the candidate transitions outside their cool-down, each with its
 * dedupe key. `lastFired` holds when each kind last fired for the customer (absent: never, or long ago).
 */
export function transitionEvents(options: {
  customerId: string;
  previous: SeenState | null;
  current: ObservedState;
  lastFired?: Partial<Record<TransitionKind, Date | null>>;
  now: Date;
}): TransitionEvent[] {
  return candidateTransitions(options.previous, options.current)
    .filter((kind) => !isCoolingDown(kind, options.lastFired?.[kind], options.now))
    .map((kind) => ({ kind, dedupeKey: transitionDedupeKey(kind, options.customerId, options.now) }));
}

/** True when the recorded state differs from what is observed (the row must be written). */
export function stateChanged(previous: SeenState | null, current: ObservedState): boolean {
  return previous?.churnStatus !== current.churnStatus || previous?.loyaltySegment !== current.loyaltySegment;
}
