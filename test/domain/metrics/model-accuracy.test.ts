import { describe, expect, it } from "vitest";
import { modelAccuracy } from "../../../app/domain/metrics/model-accuracy";

describe("modelAccuracy: the backtest in one sentence", () => {
  it.each([
    // under: 962 printed, (992 − 962) / 992 = 3.0%
    [{ predicted: 962.083, actual: 992, holdoutDays: 243 }, "In the last 243 days of history the model predicted 962 repeat purchases; there were 992 (3% under)."],
    // over, with thousands separators
    [{ predicted: 1_130.2, actual: 1_000, holdoutDays: 365 }, "In the last 365 days of history the model predicted 1,130 repeat purchases; there were 1,000 (13% over)."],
    // exact once rounded to whole purchases
    [{ predicted: 499.6, actual: 500, holdoutDays: 180 }, "In the last 180 days of history the model predicted 500 repeat purchases; there were 500 (exactly right)."],
    // a miss that rounds to 0%
    [{ predicted: 2_004.4, actual: 2_000, holdoutDays: 200 }, "In the last 200 days of history the model predicted 2,004 repeat purchases; there were 2,000 (less than 1% over)."],
    // nothing happened: no percentage of zero
    [{ predicted: 3.2, actual: 0, holdoutDays: 60 }, "In the last 60 days of history the model predicted 3 repeat purchases; there were none."],
    // singular
    [{ predicted: 0.8, actual: 1, holdoutDays: 1 }, "In the last day of history the model predicted 1 repeat purchase; there was 1 (exactly right)."],
  ])("%o", (backtest, text) => {
    expect(modelAccuracy(backtest).text).toBe(text);
  });

  it("computes the percentage from the printed numbers, rounding half up", () => {
    // 960.4 prints as 960: 33 / 993 = 3.3% → 3% (from 960.4 it would also be 3%, but 960 is what the reader sees)
    expect(modelAccuracy({ predicted: 960.4, actual: 993, holdoutDays: 180 })).toMatchObject({ predicted: 960, actual: 993, direction: "under", percent: 3 });
    // 25 / 1000 = 2.5% → 3%; from the unrounded 1024.6 it would be 2.46% → 2%
    expect(modelAccuracy({ predicted: 1_024.6, actual: 1_000, holdoutDays: 180 })).toMatchObject({ predicted: 1_025, direction: "over", percent: 3 });
    // 15 / 1000 = 1.5% → 2%
    expect(modelAccuracy({ predicted: 985, actual: 1_000, holdoutDays: 180 })).toMatchObject({ direction: "under", percent: 2 });
    expect(modelAccuracy({ predicted: 3.2, actual: 0, holdoutDays: 60 })).toMatchObject({ direction: "over", percent: null });
  });

  it.each([null, { predicted: Number.NaN, actual: 10, holdoutDays: 30 }, { predicted: 5, actual: 4, holdoutDays: 0 }])(
    "without a backtest it says why (not enough history): %o",
    (backtest) => {
      const accuracy = modelAccuracy(backtest);
      expect(accuracy).toMatchObject({ checked: false, reason: "not_enough_history" });
      expect(accuracy.text).toMatch(/history is too short/);
    },
  );
});
