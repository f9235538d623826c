import type { Offer } from "../../app/domain/offers";

/**
 * An active offer as the domain sees it: 15% off the next purchase, valid 30 days, for every customer (manual
 * targeting, no control group, no schedule or seasonal windows). `overrides` replace any field.
 */
export function offer(overrides: Partial<Offer> = {}): Offer {
  return {
    id: "offer-a",
    name: "Come back",
    status: "active",
    discountType: "percentage",
    discountValue: 15,
    minimumSubtotal: null,
    validityDays: 30,
    targeting: {},
    orderScope: "any_order",
    controlShare: 0,
    startsAt: null,
    endsAt: null,
    priority: 0,
    kind: "next_purchase",
    leadDays: null,
    seasonalWindows: [],
    targetingMode: "manual",
    createdAt: new Date("2026-01-01T00:00:00Z"),
    ...overrides,
  };
}
