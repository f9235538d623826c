import { describe, expect, it } from "vitest";
import { topCompanion, type ProductPairCount } from "../../../app/domain/offers/bought-together";

const pair = (productGid: string, companionGid: string, orders: number): ProductPairCount => ({ productGid, companionGid, orders });

describe("topCompanion", () => {
  it("sums a companion's pair counts over the order's products", () => {
    // C: 3 + 4 = 7 beats D's single 6.
    const pairs = [pair("A", "C", 3), pair("B", "C", 4), pair("A", "D", 6)];
    expect(topCompanion(["A", "B"], pairs)).toEqual({ productGid: "C", boughtTogether: 7 });
  });

  it("never suggests a product already in the order", () => {
    const pairs = [pair("A", "B", 50), pair("B", "A", 50), pair("A", "C", 2)];
    expect(topCompanion(["A", "B"], pairs)).toEqual({ productGid: "C", boughtTogether: 2 });
  });

  it.each([
    ["equal sums go to the smaller GID", [pair("A", "gid://shopify/Product/9", 5), pair("A", "gid://shopify/Product/10", 5)], "gid://shopify/Product/10"],
    ["whatever the rows' order", [pair("A", "gid://shopify/Product/10", 5), pair("A", "gid://shopify/Product/9", 5)], "gid://shopify/Product/10"],
    ["a larger sum wins over a smaller GID", [pair("A", "gid://shopify/Product/1", 4), pair("A", "gid://shopify/Product/2", 5)], "gid://shopify/Product/2"],
  ])("breaks ties by product GID: %s", (_name, pairs, expected) => {
    expect(topCompanion(["A"], pairs)?.productGid).toBe(expected);
  });

  it("ignores pairs of products the order does not hold", () => {
    expect(topCompanion(["A"], [pair("Z", "C", 100), pair("A", "D", 1)])).toEqual({ productGid: "D", boughtTogether: 1 });
  });

  it.each([
    ["no pairs", ["A"], []],
    ["only the order's own products", ["A", "B"], [pair("A", "B", 3)]],
    ["an order without products", [], [pair("A", "B", 3)]],
  ])("has no suggestion with %s", (_name, order, pairs) => {
    expect(topCompanion(order as string[], pairs as ProductPairCount[])).toBeNull();
  });
});
