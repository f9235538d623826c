import { describe, expect, it } from "vitest";
import { fitSampleSentence } from "../../app/admin/fit-sample-sentence";

describe("fitSampleSentence: the customers the model's parameters were fitted on", () => {
  it("names the sample and the whole of a large shop", () => {
    expect(fitSampleSentence({ customers: 200_000, of: 1_000_000 })).toBe(
      "Parameters fitted on a sample of 200,000 of 1,000,000 customers (the same customers every run); every customer is scored and the backtest judges all of them.",
    );
  });

  it("says all when nobody was left out", () => {
    expect(fitSampleSentence({ customers: 4_948, of: 4_948 })).toBe("Parameters fitted on all 4,948 customers.");
  });
});
