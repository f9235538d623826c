import { MS_PER_DAY } from "../scoring/time-unit";

export interface ScoreExplanationInput {
  orderCount: number;
  /** epoch ms */
  lastOrderAt: number;
  /** epoch ms: the instant the explanation speaks from */
  now: number;
  pRepeat90: number;
  /** epoch ms or null */
  expectedNextOrderAt: number | null;
  /** "high" | "medium" | "low" */
  confidence: string;
}

export interface ScoreExplanation {
  /** One or two plain sentences (English). */
  text: string;
  daysSinceLastOrder: number;
  /** P(repeat in 90 days) as a whole percent */
  percent: number;
}

/**
 * A store owner's reading of a score: what the customer did, and what customers like them do, e.g.
 * "Bought 3 times, last 40 days ago; customers like this buy again within 90 days 62% of the time."
 * "Customers like this" is the model's statement: P(repeat in 90 days) is computed from customers with the
 * same purchase count, recency and age of relationship under the shop's fitted model.
 */
export function explainScore(input: ScoreExplanationInput): ScoreExplanation {
  const days = Math.max(0, Math.floor((input.now - input.lastOrderAt) / MS_PER_DAY));
  const percent = Math.round(input.pRepeat90 * 100);
  const bought = input.orderCount === 1 ? "Bought once" : input.orderCount === 2 ? "Bought twice" : `Bought ${input.orderCount} times`;
  const when = days === 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
  const last = input.orderCount === 1 ? when : `last ${when}`;
  const sentences = [`${bought}, ${last}; customers like this buy again within 90 days ${percent}% of the time.`];
  if (input.expectedNextOrderAt !== null && input.expectedNextOrderAt > input.now) {
    const inDays = Math.ceil((input.expectedNextOrderAt - input.now) / MS_PER_DAY);
    sentences.push(`The next order is expected in about ${inDays} day${inDays === 1 ? "" : "s"}.`);
  }
  if (input.confidence === "low") sentences.push("The shop's history is still short, so treat this as a rough guide.");
  return { text: sentences.join(" "), daysSinceLastOrder: days, percent };
}
