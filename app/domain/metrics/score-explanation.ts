import { activityStatus, type ActivityStatus } from "../scoring/activity-model";
import { MS_PER_DAY } from "../scoring/time-unit";
import { wholePercent } from "./whole-percent";

export interface ScoreExplanationInput {
  orderCount: number;
  /** epoch ms */
  lastOrderAt: number;
  /** epoch ms: the instant the explanation speaks from */
  now: number;
  pRepeat90: number;
  /** P(still a customer), from the shop's activity model (app/domain/scoring/activity-model.ts) */
  pAlive: number;
  /** epoch ms or null */
  expectedNextOrderAt: number | null;
  /** the customer's confidence (customerConfidence): "high" | "medium" | "low" */
  confidence: string;
}

export interface ScoreExplanation {
  /** Two to four plain sentences (English). */
  text: string;
  daysSinceLastOrder: number;
  /** P(repeat in 90 days) as a whole percent */
  percent: number;
  /** P(repeat in 90 days) exactly as the sentence prints it ("2%", "<1%"); the page shows this figure */
  percentText: string;
  /** P(still a customer) exactly as the sentence prints it */
  pAliveText: string;
  status: ActivityStatus;
}

const STATUS_WORDS: Record<ActivityStatus, string> = { active: "Active", at_risk: "At risk", likely_lost: "Likely lost" };

/**
 * A store owner's reading of a score: what the customer did, what customers like them do, whether they are
 * still a customer, and how much to trust it, e.g.
 * "Bought once, 729 days ago; customers like this buy again within 90 days 2% of the time. Likely lost: a 6%
 *  chance they are still a customer. One order says little about a customer's habits, so treat this as a
 *  rough guide."
 * "Customers like this" is the model's statement: P(repeat in 90 days) is computed from customers with the
 * same purchase count, recency and age of relationship under the shop's fitted model.
 */
export function explainScore(input: ScoreExplanationInput): ScoreExplanation {
  const days = Math.max(0, Math.floor((input.now - input.lastOrderAt) / MS_PER_DAY));
  const percentText = wholePercent(input.pRepeat90);
  const pAliveText = wholePercent(input.pAlive);
  const status = activityStatus(input.pAlive);
  const bought = input.orderCount === 1 ? "Bought once" : input.orderCount === 2 ? "Bought twice" : `Bought ${input.orderCount} times`;
  const when = days === 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
  const last = input.orderCount === 1 ? when : `last ${when}`;
  const sentences = [
    `${bought}, ${last}; customers like this buy again within 90 days ${percentText} of the time.`,
    `${STATUS_WORDS[status]}: a ${pAliveText} chance they are still a customer.`,
  ];
  if (input.expectedNextOrderAt !== null && input.expectedNextOrderAt > input.now) {
    const inDays = Math.ceil((input.expectedNextOrderAt - input.now) / MS_PER_DAY);
    sentences.push(`The next order is expected in about ${inDays} day${inDays === 1 ? "" : "s"}.`);
  }
  if (input.orderCount <= 1) sentences.push("One order says little about a customer's habits, so treat this as a rough guide.");
  else if (input.confidence === "low") sentences.push("The shop's history is still short, so treat this as a rough guide.");
  return { text: sentences.join(" "), daysSinceLastOrder: days, percent: Math.round(input.pRepeat90 * 100), percentText, pAliveText, status };
}
