import { describe, expect, it } from "vitest";
import { surveyAnalytics, UNSCORED_SEGMENT, type SurveyAnswerCell } from "../../../app/domain/offers/survey-analytics";

const SURVEY = { question: "How did you hear about us?", options: ["Search engine", "Social media", "Friend or family"] };

const cell = (answer: string, month: string, loyaltySegment: string | null, rfmSegment: string | null, count: number): SurveyAnswerCell => ({
  answer,
  month,
  loyaltySegment,
  rfmSegment,
  count,
});

const CELLS = [
  cell("Search engine", "2026-01", "lover", "champions", 3),
  cell("Social media", "2026-01", "lurker", "new", 1),
  cell("Search engine", "2026-04", "lurker", "new", 2),
  cell("Friend or family", "2026-04", null, null, 4),
  // An answer to an option since removed: listed after the current ones.
  cell("Podcast", "2026-03", "liker", "loyal", 2),
];

describe("surveyAnalytics: answers per option, per month and per segment", () => {
  const analytics = surveyAnalytics(SURVEY, CELLS);

  it("counts per answer: current options in the merchant's order (zero included), retired ones after", () => {
    expect(analytics.responses).toBe(12);
    expect(analytics.answers.map((row) => [row.answer, row.count])).toEqual([
      ["Search engine", 5],
      ["Social media", 1],
      ["Friend or family", 4],
      ["Podcast", 2],
    ]);
    expect(analytics.answers[0].share).toBeCloseTo(5 / 12, 12);
  });

  it("every month from the first answer to the last, empty months as zeros, counts aligned with the answers", () => {
    expect(analytics.months.map((month) => [month.month, month.responses, month.counts])).toEqual([
      ["2026-01", 4, [3, 1, 0, 0]],
      ["2026-02", 0, [0, 0, 0, 0]],
      ["2026-03", 2, [0, 0, 0, 2]],
      ["2026-04", 6, [2, 0, 4, 0]],
    ]);
    expect(analytics.months[3].shares).toEqual([2 / 6, 0, 4 / 6, 0]);
    expect(analytics.months[1].shares).toEqual([0, 0, 0, 0]);
  });

  it("per value-ladder rung and per RFM group, in their usual order, guests and unscored customers last", () => {
    expect(analytics.segments.ladder.map((row) => [row.segment, row.responses, row.counts])).toEqual([
      ["lover", 3, [3, 0, 0, 0]],
      ["liker", 2, [0, 0, 0, 2]],
      ["lurker", 3, [2, 1, 0, 0]],
      [UNSCORED_SEGMENT, 4, [0, 0, 4, 0]],
    ]);
    expect(analytics.segments.rfm.map((row) => row.segment)).toEqual(["champions", "loyal", "new", UNSCORED_SEGMENT]);
  });

  it("a month range across a year boundary", () => {
    const months = surveyAnalytics(SURVEY, [cell("Search engine", "2025-11", null, null, 1), cell("Search engine", "2026-02", null, null, 1)]).months;
    expect(months.map((month) => month.month)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  it("no answers yet: every option at zero, no months, no segments", () => {
    const empty = surveyAnalytics(SURVEY, []);
    expect(empty).toMatchObject({ responses: 0, months: [], segments: { ladder: [], rfm: [] } });
    expect(empty.answers.map((row) => row.count)).toEqual([0, 0, 0]);
  });
});

import { DEMO_SURVEY_ANSWER_RATE, planDemoSurveyAnswers } from "../../../app/domain/offers/demo-survey-answers";
import { createSeededRandom } from "../../../app/domain/random/seeded-random";

describe("planDemoSurveyAnswers: the demo shop's survey answers", () => {
  const options = ["Search engine", "Social media", "Friend or family", "Podcast or blog", "Other"];
  const orders = Array.from({ length: 4000 }, (_, index) => ({
    orderGid: `gid://shopify/Order/${index}`,
    placedAt: new Date(Date.UTC(2026, 0, 1) + index * 3_600_000),
    loyaltySegment: index % 4 === 0 ? "lover" : index % 4 === 1 ? "lurker" : index % 4 === 2 ? "liker" : null,
  }));

  it("is deterministic per seed, answers about a third of orders with one of the options, minutes after the order", () => {
    const planned = planDemoSurveyAnswers(orders, options, createSeededRandom(11));
    expect(planDemoSurveyAnswers(orders, options, createSeededRandom(11))).toEqual(planned);
    expect(planned.length / orders.length).toBeCloseTo(DEMO_SURVEY_ANSWER_RATE, 1);
    for (const answer of planned) {
      expect(options).toContain(answer.answer);
      const order = orders.find((candidate) => candidate.orderGid === answer.orderGid)!;
      const delay = answer.createdAt.getTime() - order.placedAt.getTime();
      expect(delay).toBeGreaterThanOrEqual(60_000);
      expect(delay).toBeLessThanOrEqual(600_000);
    }
  });

  it("lovers answer 'Friend or family' more often than lurkers, so the per-segment view has a story", () => {
    const planned = planDemoSurveyAnswers(orders, options, createSeededRandom(3));
    const segmentOf = new Map(orders.map((order) => [order.orderGid, order.loyaltySegment]));
    const share = (segment: string) => {
      const answers = planned.filter((answer) => segmentOf.get(answer.orderGid) === segment);
      return answers.filter((answer) => answer.answer === "Friend or family").length / answers.length;
    };
    expect(share("lover")).toBeGreaterThan(share("lurker") + 0.15);
  });
});
