import { describe, expect, it } from "vitest";
import { formatCents, moneyToCents } from "../../../app/domain/demo/demo-money";

describe("demo money", () => {
  it.each([
    [0, "0.00"],
    [5, "0.05"],
    [1250, "12.50"],
    [100000, "1000.00"],
    [-695, "-6.95"],
  ])("formats %i cents as %s and parses it back", (cents, text) => {
    expect(formatCents(cents)).toBe(text);
    expect(moneyToCents(text)).toBe(cents);
  });

  it("parses Shopify's shorter decimals too", () => {
    expect(moneyToCents("10.0")).toBe(1000);
    expect(moneyToCents("7")).toBe(700);
  });
});
