import { describe, expect, it } from "vitest";
import { rescoreProgressView } from "../../app/admin/rescore-progress";

describe("rescoreProgressView: a running re-score as stage, customers and one bar over the run", () => {
  it.each([
    [null, { stage: 1, phase: "reading", percent: 0, customers: null }],
    [{ phase: "reading", done: 0, total: 0 }, { stage: 1, phase: "reading", percent: 0, customers: null }],
    [{ phase: "fitting", done: 0, total: 4948 }, { stage: 2, phase: "fitting", percent: 30, customers: { done: 0, total: 4948 } }],
    [{ phase: "scoring", done: 4948, total: 4948 }, { stage: 3, phase: "scoring", percent: 70, customers: { done: 4948, total: 4948 } }],
    [{ phase: "saving", done: 2000, total: 4000 }, { stage: 4, phase: "saving", percent: 85, customers: { done: 2000, total: 4000 } }],
    [{ phase: "done", done: 4948, total: 4948 }, { stage: 4, phase: "done", percent: 100, customers: { done: 4948, total: 4948 } }],
  ])("%j", (progress, expected) => {
    expect(rescoreProgressView(progress)).toEqual({ stages: 4, ...expected });
  });

  it("moves forward at every report of a run, never back (it used to sit at 0% until the last batch was saved)", () => {
    const reports = [
      { phase: "reading", done: 0, total: 0 },
      { phase: "fitting", done: 0, total: 10_000 },
      { phase: "scoring", done: 0, total: 10_000 },
      { phase: "scoring", done: 10_000, total: 10_000 },
      { phase: "saving", done: 0, total: 10_000 },
      { phase: "saving", done: 5_000, total: 10_000 },
      { phase: "saving", done: 10_000, total: 10_000 },
      { phase: "done", done: 10_000, total: 10_000 },
    ];
    const percents = reports.map((report) => rescoreProgressView(report).percent);
    for (let index = 1; index < percents.length; index++) expect(percents[index]).toBeGreaterThanOrEqual(percents[index - 1]);
    expect(percents.filter((percent) => percent > 0 && percent < 100).length).toBeGreaterThanOrEqual(4);
  });
});
