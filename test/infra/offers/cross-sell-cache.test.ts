import { describe, expect, it } from "vitest";
import type { SqlReader } from "../../../app/infra/db/sql-reader";
import { CrossSellCache } from "../../../app/infra/offers/cross-sell-cache";

const p = (n: number) => `gid://shopify/Product/${n}`;

/** A reader standing in for the database: the shop's pairs at its current version, and a count of loads. */
function fakeDatabase() {
  const state = { version: "1" as string | null, loads: 0, pairs: [[1, 2, 3], [1, 3, 1]] as [number, number, number][] };
  const sql: SqlReader = {
    async query<Row>() {
      state.loads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      const rows = state.pairs.length
        ? state.pairs.map(([a, b, orders]) => ({ version: state.version, productGid: p(a), companionGid: p(b), orders, title: `Product ${b}`, handle: `product-${b}`, price: "9.50", imageUrl: null }))
        : [{ version: state.version, productGid: null }];
      return { rows: rows as Row[] };
    },
  };
  return { sql, state };
}

describe("CrossSellCache", () => {
  it("loads a shop's pairs once per version, shared by concurrent requests", async () => {
    const { sql, state } = fakeDatabase();
    const cache = new CrossSellCache(sql);
    const picks = await Promise.all(Array.from({ length: 20 }, () => cache.pick("shop", "1", [p(1)])));
    expect(picks.every((pick) => pick?.productGid === p(2))).toBe(true);
    expect(picks[0]).toEqual({ productGid: p(2), boughtTogether: 3, title: "Product 2", handle: "product-2", price: 9.5, imageUrl: null });
    expect(state.loads).toBe(1);
    await cache.pick("shop", "1", [p(1), p(2)]);
    expect(state.loads).toBe(1);
  });

  it("reads again when the page saw a newer version (a refresh ran), and serves the new pairs", async () => {
    const { sql, state } = fakeDatabase();
    const cache = new CrossSellCache(sql);
    expect((await cache.pick("shop", "1", [p(1)]))?.productGid).toBe(p(2));
    state.version = "2";
    state.pairs = [[1, 4, 7]];
    expect((await cache.pick("shop", "2", [p(1)]))?.productGid).toBe(p(4));
    expect(state.loads).toBe(2);
    state.pairs = [];
    state.version = "3";
    expect(await cache.pick("shop", "3", [p(1)])).toBeNull();
    expect(await cache.pick("shop", "3", [p(1)])).toBeNull();
    expect(state.loads).toBe(3);
  });

  it("never suggests a product of the order itself, and keeps shops apart", async () => {
    const { sql } = fakeDatabase();
    const cache = new CrossSellCache(sql);
    expect((await cache.pick("shop", "1", [p(1), p(2)]))?.productGid).toBe(p(3));
    expect(await cache.pick("other", "1", [p(9)])).toBeNull();
  });
});
