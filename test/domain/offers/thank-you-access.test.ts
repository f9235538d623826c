import { describe, expect, it } from "vitest";
import { RECENT_ORDER_MS, thankYouAccess } from "../../../app/domain/offers/thank-you-access";

const NOW = new Date("2026-12-01T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const ALICE = "gid://shopify/Customer/1";
const BOB = "gid://shopify/Customer/2";

describe("thankYouAccess", () => {
  it.each([
    ["the buyer's recent order", ALICE, ALICE, 60_000, "decide"],
    ["the buyer's old order", ALICE, ALICE, RECENT_ORDER_MS + 1, "read"],
    ["another customer's order", BOB, ALICE, 60_000, "deny"],
    ["a guest token on a customer's order", null, ALICE, 60_000, "deny"],
    ["a guest's recent order", null, null, 60_000, "read"],
    ["a guest's old order", null, null, RECENT_ORDER_MS + 1, "deny"],
    ["a signed-in token on a guest order", ALICE, null, 60_000, "deny"],
  ] as const)("%s → %s", (_name, token, owner, age, expected) => {
    expect(thankYouAccess({ tokenCustomerGid: token, orderCustomerGid: owner, placedAt: ago(age), now: NOW })).toBe(expected);
  });
});
