import type { RandomSource } from "../random/seeded-random";

/** A demo order whose buyer may answer the thank-you survey. */
export interface DemoSurveyOrder {
  orderGid: string;
  placedAt: Date;
  /** The buyer's value-ladder rung now (null for guests and unscored customers). */
  loyaltySegment: string | null;
}

export interface PlannedSurveyAnswer {
  orderGid: string;
  answer: string;
  /** A few minutes after the order: shoppers answer on the thank-you page. */
  createdAt: Date;
}

/** About a third of shoppers tap an answer on the thank-you page. */
export const DEMO_SURVEY_ANSWER_RATE = 0.35;

/**
 * Demo answers to the default "How did you hear about us?" survey, so the admin's survey analytics have
 * something to show in demo mode. The mix differs by segment (lovers come from friends and family more often,
 * lurkers from search) so the per-segment table reads as it would in a real shop. Weights are per option of
 * `options`, in order; an option without a weight gets 1.
 */
export function planDemoSurveyAnswers(orders: DemoSurveyOrder[], options: readonly string[], random: RandomSource): PlannedSurveyAnswer[] {
  const weights: Record<string, number[]> = {
    lover: [2, 2, 5, 2, 1],
    liker: [3, 3, 3, 2, 1],
    lurker: [5, 4, 2, 1, 1],
    unscored: [4, 4, 2, 1, 1],
  };
  const planned: PlannedSurveyAnswer[] = [];
  for (const order of orders) {
    if (random.next() >= DEMO_SURVEY_ANSWER_RATE) continue;
    const row = weights[order.loyaltySegment ?? "unscored"] ?? weights.unscored;
    const optionWeights = options.map((_, index) => row[index] ?? 1);
    const total = optionWeights.reduce((sum, weight) => sum + weight, 0);
    let pick = random.next() * total;
    let index = 0;
    while (index < options.length - 1 && pick >= optionWeights[index]) pick -= optionWeights[index++];
    const delayMs = (1 + Math.floor(random.next() * 10)) * 60_000;
    planned.push({ orderGid: order.orderGid, answer: options[index], createdAt: new Date(order.placedAt.getTime() + delayMs) });
  }
  return planned;
}
