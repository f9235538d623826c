import { describe, expect, it } from "vitest";
import {
  assignmentBucket,
  BIRTHDAY_DAYS_AFTER,
  birthdayCodeValidity,
  birthdayInYear,
  birthdaysDueWithin,
  birthdaySubjectKey,
  daysUntil,
  decideCustomerOffer,
  decideOffer,
  DEMO_AT_RISK_AFTER_DAYS,
  demoBirthDate,
  isCustomerSubjectKey,
  isInSeasonalWindows,
  nextBirthday,
  offerRuleProblems,
  parseBirthDate,
  planDemoBirthdayHistory,
  planDemoWinBackHistory,
  seasonalWindowProblems,
  winBackSubjectKey,
  AUTO_INCENTIVE_RULES,
  autoTargeting,
  decideAutoBand,
  type CustomerProfile,
  type DemoCustomerHistory,
  type Offer,
  type SeasonalWindow,
} from "../../../app/domain/offers";
import { createSeededRandom } from "../../../app/domain/random/seeded-random";
import { offer } from "../../support/offers";

const NOW = new Date("2026-11-01T12:00:00Z");
const DAY = 86_400_000;
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const midnight = (iso: string) => new Date(`${iso}T00:00:00Z`);

const unscored: CustomerProfile = { scored: false, baselinePRepeat90: null };
const scored = (pRepeat90: number, segments: string[] = ["at_risk", "liker"]): CustomerProfile => ({ scored: true, pRepeat90, segments });
const CUSTOMER = "gid://shopify/Customer/7";

describe("seasonal windows", () => {
  const winter: SeasonalWindow[] = [{ from: "12-15", to: "01-10" }];
  it.each([
    ["no windows: all year", [], "2026-07-04", true],
    ["inside", [{ from: "06-01", to: "08-31" }], "2026-07-04", true],
    ["first day (inclusive)", [{ from: "06-01", to: "08-31" }], "2026-06-01", true],
    ["last day (inclusive)", [{ from: "06-01", to: "08-31" }], "2026-08-31", true],
    ["day before", [{ from: "06-01", to: "08-31" }], "2026-05-31", false],
    ["day after", [{ from: "06-01", to: "08-31" }], "2026-09-01", false],
    ["wrapping the year end: December side", winter, "2026-12-15", true],
    ["wrapping the year end: New Year's Eve", winter, "2026-12-31", true],
    ["wrapping the year end: January side", winter, "2027-01-10", true],
    ["wrapping the year end: after it", winter, "2027-01-11", false],
    ["wrapping the year end: before it", winter, "2026-12-14", false],
    ["one day", [{ from: "11-27", to: "11-27" }], "2026-11-27", true],
    ["one day, the next", [{ from: "11-27", to: "11-27" }], "2026-11-28", false],
    ["any of several", [{ from: "02-01", to: "02-14" }, { from: "11-20", to: "11-30" }], "2026-11-25", true],
    ["ends 02-29, leap year: the 29th", [{ from: "02-01", to: "02-29" }], "2028-02-29", true],
    ["ends 02-29, other year: the 28th", [{ from: "02-01", to: "02-29" }], "2027-02-28", true],
    ["ends 02-29, other year: 1 March", [{ from: "02-01", to: "02-29" }], "2027-03-01", false],
    ["starts 02-29, other year: starts the 28th", [{ from: "02-29", to: "03-10" }], "2027-02-28", true],
    ["starts 02-29, leap year: not the 28th", [{ from: "02-29", to: "03-10" }], "2028-02-28", false],
    ["only 02-29, other year: live on the 28th", [{ from: "02-29", to: "02-29" }], "2027-02-28", true],
    ["a malformed window matches nothing", [{ from: "13-01", to: "12-31" }], "2026-07-04", false],
  ] as [string, SeasonalWindow[], string, boolean][])("%s", (_name, windows, date, live) => {
    expect(isInSeasonalWindows(windows, day(date))).toBe(live);
  });

  it("uses the UTC calendar day", () => {
    const windows = [{ from: "03-01", to: "03-31" }];
    expect(isInSeasonalWindows(windows, new Date("2027-02-28T23:59:59Z"))).toBe(false);
    expect(isInSeasonalWindows(windows, new Date("2027-03-01T00:00:00Z"))).toBe(true);
  });

  it.each([
    ["valid", [{ from: "12-15", to: "01-10" }, { from: "02-29", to: "02-29" }], []],
    ["month 13", [{ from: "13-01", to: "01-10" }], ["seasonalWindows.0.from"]],
    ["31 April", [{ from: "01-01", to: "04-31" }], ["seasonalWindows.0.to"]],
    ["not MM-DD", [{ from: "1-1", to: "2026-01-10" }], ["seasonalWindows.0.from", "seasonalWindows.0.to"]],
    ["too many", Array.from({ length: 13 }, () => ({ from: "01-01", to: "01-02" })), ["seasonalWindows"]],
  ] as [string, SeasonalWindow[], string[]][])("problems: %s", (_name, windows, fields) => {
    expect(seasonalWindowProblems(windows).map((problem) => problem.field)).toEqual(fields);
  });
});

describe("birthday dates", () => {
  it.each([
    ["1990-05-17", { year: 1990, month: 5, day: 17 }],
    ["2000-02-29", { year: 2000, month: 2, day: 29 }],
    ["1999-02-29", null],
    ["1990-04-31", null],
    ["1990-5-17", null],
    ["", null],
  ])("parses %s", (text, parsed) => {
    expect(parseBirthDate(text)).toEqual(parsed);
  });

  it.each([
    ["1990-05-17", 2027, "2027-05-17"],
    ["2000-02-29", 2027, "2027-02-28"],
    ["2000-02-29", 2028, "2028-02-29"],
    ["2000-02-29", 2100, "2100-02-28"],
  ])("%s is celebrated in %i on %s", (birthDate, year, expected) => {
    expect(birthdayInYear(birthDate, year)).toEqual(midnight(expected));
  });

  it.each([
    ["later this year", "1990-12-24", "2026-11-01", "2026-12-24"],
    ["today", "1990-11-01", "2026-11-01", "2026-11-01"],
    ["passed: next year", "1990-10-31", "2026-11-01", "2027-10-31"],
    ["across the year end", "1990-01-03", "2026-12-20", "2027-01-03"],
    ["29 Feb before a leap year", "2000-02-29", "2027-03-01", "2028-02-29"],
    ["29 Feb in a common year", "2000-02-29", "2027-01-15", "2027-02-28"],
  ])("next birthday: %s", (_name, birthDate, today, expected) => {
    expect(nextBirthday(birthDate, day(today))).toEqual(midnight(expected));
  });

  it("counts whole UTC days to the birthday", () => {
    expect(daysUntil(midnight("2026-11-08"), new Date("2026-11-01T23:59:00Z"))).toBe(7);
    expect(daysUntil(midnight("2026-11-01"), new Date("2026-11-01T00:00:00Z"))).toBe(0);
    expect(daysUntil(midnight("2027-01-03"), day("2026-12-20"))).toBe(14);
  });

  it(`a code is valid from its issue until the end of the ${BIRTHDAY_DAYS_AFTER}th day after the birthday`, () => {
    const issuedAt = new Date("2026-11-01T02:00:00Z");
    expect(birthdayCodeValidity(midnight("2026-11-08"), issuedAt)).toEqual({ startsAt: issuedAt, expiresAt: midnight("2026-11-16") });
  });

  it("lists the birthdays due within the lead, across the year end, with 02-29 on 28 February of a common year", () => {
    const due = birthdaysDueWithin(day("2026-12-30"), 3);
    expect(due.map(({ monthDay, year }) => `${year}:${monthDay}`)).toEqual(["2026:12-30", "2026:12-31", "2027:01-01", "2027:01-02"]);
    expect(birthdaysDueWithin(day("2027-02-27"), 1).map(({ monthDay, year }) => `${year}:${monthDay}`)).toEqual([
      "2027:02-27",
      "2027:02-28",
      "2027:02-29",
    ]);
    expect(birthdaysDueWithin(day("2028-02-28"), 1).map(({ monthDay }) => monthDay)).toEqual(["02-28", "02-29"]);
    expect(birthdaysDueWithin(day("2027-02-27"), 1)[2].birthday).toEqual(midnight("2027-02-28"));
  });
});

describe("offer kinds: rules", () => {
  it.each([
    ["a birthday offer with its lead", { kind: "birthday" as const, leadDays: 7 }, []],
    ["a birthday offer on the day", { kind: "birthday" as const, leadDays: 0 }, []],
    ["a birthday offer without a lead", { kind: "birthday" as const, leadDays: null }, ["leadDays"]],
    ["a birthday offer 61 days ahead", { kind: "birthday" as const, leadDays: 61 }, ["leadDays"]],
    ["a lead on a win-back offer", { kind: "win_back" as const, leadDays: 7 }, ["leadDays"]],
    ["a lead on a next-purchase offer", { leadDays: 3 }, ["leadDays"]],
    ["first orders on a win-back offer", { kind: "win_back" as const, orderScope: "first_order" as const }, ["orderScope"]],
    ["first orders on a next-purchase offer", { orderScope: "first_order" as const }, []],
    ["a malformed window", { seasonalWindows: [{ from: "02-30", to: "03-01" }] }, ["seasonalWindows.0.from"]],
    ["auto targeting with a band", { targetingMode: "auto" as const, targeting: { maxPRepeat90: 0.4 } }, ["targeting.maxPRepeat90"]],
    ["auto targeting with segments", { targetingMode: "auto" as const, targeting: { excludeSegments: ["lover"] } }, []],
  ])("%s", (_name, overrides, fields) => {
    expect(offerRuleProblems(offer(overrides)).map((problem) => problem.field)).toEqual(fields);
  });
});

describe("decideOffer honours kinds and seasonal windows", () => {
  const order = { orderGid: "gid://shopify/Order/1", customerGid: CUSTOMER, isFirstOrder: true };

  it("never picks a win-back or birthday offer for an order, whatever its priority", () => {
    const offers = [
      offer({ id: "win-back", kind: "win_back", priority: 100 }),
      offer({ id: "birthday", kind: "birthday", leadDays: 7, priority: 50 }),
      offer({ id: "thank-you", priority: 0 }),
    ];
    expect(decideOffer({ offers, order, profile: unscored, now: NOW })).toMatchObject({ outcome: "issue", offer: { id: "thank-you" } });
    expect(decideOffer({ offers: offers.slice(0, 2), order, profile: unscored, now: NOW })).toEqual({ outcome: "none", reason: "no_active_offer" });
  });

  it("an offer outside its seasonal windows decides none; inside, it issues", () => {
    const summer = offer({ seasonalWindows: [{ from: "06-01", to: "08-31" }] });
    expect(decideOffer({ offers: [summer], order, profile: unscored, now: NOW })).toEqual({ outcome: "none", reason: "no_active_offer" });
    expect(decideOffer({ offers: [summer], order, profile: unscored, now: day("2027-07-01") })).toMatchObject({ outcome: "issue" });
  });

  it("falls through to an all-year offer while the seasonal one is out of season", () => {
    const offers = [offer({ id: "black-friday", priority: 10, seasonalWindows: [{ from: "11-27", to: "11-30" }] }), offer({ id: "always" })];
    expect(decideOffer({ offers, order, profile: unscored, now: day("2026-11-28") })).toMatchObject({ outcome: "issue", offer: { id: "black-friday" } });
    expect(decideOffer({ offers, order, profile: unscored, now: day("2026-12-01") })).toMatchObject({ outcome: "issue", offer: { id: "always" } });
  });
});

describe("decideCustomerOffer", () => {
  const winBack = (overrides: Partial<Offer> = {}) => offer({ id: "win-back", kind: "win_back", validityDays: 45, ...overrides });
  const birthday = (overrides: Partial<Offer> = {}) => offer({ id: "birthday", kind: "birthday", leadDays: 7, ...overrides });

  it("issues the best live win-back offer, valid for its days from now; next-purchase offers are not considered", () => {
    const offers = [offer({ id: "thank-you", priority: 100 }), winBack()];
    const decision = decideCustomerOffer({ offers, kind: "win_back", customerGid: CUSTOMER, profile: scored(0.1), now: NOW });
    expect(decision).toEqual({ outcome: "issue", offer: offers[1], startsAt: NOW, expiresAt: new Date(NOW.getTime() + 45 * DAY) });
    expect(decideCustomerOffer({ offers: [offers[0]], kind: "win_back", customerGid: CUSTOMER, profile: scored(0.1), now: NOW })).toEqual({
      outcome: "none",
      reason: "no_active_offer",
    });
  });

  it("splits the control group by offer and customer GID: the same side on every occasion, independent per offer", () => {
    const customers = Array.from({ length: 400 }, (_, index) => `gid://shopify/Customer/${1000 + index}`);
    const held = customers.filter(
      (customerGid) => decideCustomerOffer({ offers: [winBack({ controlShare: 0.25 })], kind: "win_back", customerGid, profile: unscored, now: NOW }).outcome === "control",
    );
    expect(held.length / customers.length).toBeGreaterThan(0.18);
    expect(held.length / customers.length).toBeLessThan(0.32);
    for (const customerGid of customers) {
      const expected = assignmentBucket("win-back", customerGid) < 0.25 ? "control" : "issue";
      const later = decideCustomerOffer({ offers: [winBack({ controlShare: 0.25 })], kind: "win_back", customerGid, profile: unscored, now: day("2027-03-01") });
      expect(later.outcome).toBe(expected);
    }
  });

  it("applies targeting: segments and bands as for orders", () => {
    const offers = [winBack({ targeting: { includeSegments: ["at_risk"], maxPRepeat90: 0.3 } })];
    const decide = (profile: CustomerProfile) => decideCustomerOffer({ offers, kind: "win_back", customerGid: CUSTOMER, profile, now: NOW });
    expect(decide(scored(0.1)).outcome).toBe("issue");
    expect(decide(scored(0.5))).toEqual({ outcome: "none", reason: "outside_band" });
    expect(decide(scored(0.1, ["loyal"]))).toEqual({ outcome: "none", reason: "segment" });
  });

  it("honours seasonal windows for win-back and birthday offers", () => {
    const summer = [{ from: "06-01", to: "08-31" }];
    expect(decideCustomerOffer({ offers: [winBack({ seasonalWindows: summer })], kind: "win_back", customerGid: CUSTOMER, profile: unscored, now: NOW })).toEqual({
      outcome: "none",
      reason: "no_active_offer",
    });
    const inSummer = decideCustomerOffer({
      offers: [birthday({ seasonalWindows: summer })],
      kind: "birthday",
      customerGid: CUSTOMER,
      profile: unscored,
      now: day("2027-07-01"),
      birthday: midnight("2027-07-05"),
    });
    expect(inSummer.outcome).toBe("issue");
  });

  it("issues a birthday code from leadDays before, valid until a week after the birthday", () => {
    const input = { offers: [birthday()], kind: "birthday" as const, customerGid: CUSTOMER, profile: unscored, birthday: midnight("2026-11-08") };
    expect(decideCustomerOffer({ ...input, now: day("2026-10-31") })).toEqual({ outcome: "none", reason: "not_due" });
    expect(decideCustomerOffer({ ...input, now: NOW })).toEqual({
      outcome: "issue",
      offer: input.offers[0],
      startsAt: NOW,
      expiresAt: midnight("2026-11-16"),
    });
    expect(decideCustomerOffer({ ...input, now: day("2026-11-08") }).outcome).toBe("issue");
    expect(decideCustomerOffer({ ...input, now: day("2026-11-09") })).toEqual({ outcome: "none", reason: "not_due" });
  });

  it("waits for a birthday offer with a shorter lead instead of deciding none for the occasion", () => {
    const offers = [birthday({ id: "early", leadDays: 14, targeting: { includeSegments: ["champions"] } }), birthday({ id: "late", leadDays: 3 })];
    const input = { offers, kind: "birthday" as const, customerGid: CUSTOMER, profile: scored(0.2), birthday: midnight("2026-11-15") };
    expect(decideCustomerOffer({ ...input, now: NOW })).toEqual({ outcome: "none", reason: "not_due" });
    expect(decideCustomerOffer({ ...input, now: day("2026-11-12") })).toMatchObject({ outcome: "issue", offer: { id: "late" } });
  });

  it("a birthday decision needs the birthday", () => {
    expect(() => decideCustomerOffer({ offers: [birthday()], kind: "birthday", customerGid: CUSTOMER, profile: unscored, now: NOW })).toThrow(RangeError);
  });

  it("names each occasion once: the at-risk day, the birthday's year", () => {
    expect(winBackSubjectKey("c-1", new Date("2026-11-01T23:00:00Z"))).toBe("win_back:c-1:2026-11-01");
    expect(birthdaySubjectKey("c-1", midnight("2027-01-03"))).toBe("birthday:c-1:2027");
    expect(isCustomerSubjectKey("win_back", "c-1", "win_back:c-1:2026-11-01")).toBe(true);
    expect(isCustomerSubjectKey("win_back", "c-2", "win_back:c-1:2026-11-01")).toBe(false);
    expect(isCustomerSubjectKey("birthday", "c-1", "win_back:c-1:2026-11-01")).toBe(false);
    expect(isCustomerSubjectKey("birthday", "c-1", "birthday:c-1:2027")).toBe(true);
  });
});

describe("automatic targeting in decisions", () => {
  const auto = (overrides: Partial<Offer> = {}) => offer({ id: "auto", targetingMode: "auto", controlShare: 0.1, ...overrides });
  const gids = Array.from({ length: 300 }, (_, index) => `gid://shopify/Customer/${5000 + index}`);
  const order = (customerGid: string) => ({ orderGid: `gid://shopify/Order/${customerGid.split("/").pop()}`, customerGid, isFirstOrder: true });
  // 1,000 vs 1,000 customers, no lift, every code costs 20: even the interval's top does not pay.
  const withhold = decideAutoBand(
    { bandId: "p0-5", issued: { customers: 1000, repeated: 100, repeatRevenue: 5000, redeemed: 1000, discountCost: 20_000 }, control: { customers: 1000, repeated: 100, repeatRevenue: 5000 } },
    { controlShare: 0.1 },
  );

  it("a band without history is learning: half held out, the rest offered the code", () => {
    for (const customerGid of gids.slice(0, 50)) {
      const decision = decideOffer({ offers: [auto()], order: order(customerGid), profile: scored(0.02), now: NOW });
      expect(decision.outcome).toBe(assignmentBucket("auto", customerGid) < AUTO_INCENTIVE_RULES.learningControlShare ? "control" : "issue");
      expect("withheld" in decision).toBe(false);
    }
  });

  it("a band that does not pay withholds the code, apart from the control group and an exploration share", () => {
    expect(withhold.decision).toBe("withhold");
    const autoBands = new Map([["auto", [withhold]]]);
    const outcomes = gids.map((customerGid) => {
      const decision = decideCustomerOffer({ offers: [auto({ kind: "win_back" })], kind: "win_back", customerGid, profile: scored(0.02), now: NOW, autoBands });
      return decision.outcome === "control" && decision.withheld ? "withheld" : decision.outcome;
    });
    gids.forEach((customerGid, index) => {
      const bucket = assignmentBucket("auto", customerGid);
      expect(outcomes[index]).toBe(bucket < 0.1 ? "control" : bucket >= 1 - AUTO_INCENTIVE_RULES.explorationShare ? "issue" : "withheld");
    });
    expect(autoTargeting(auto(), scored(0.5), gids[0], [withhold]).assignment).not.toBe("withhold");
  });

  it("an auto offer without any P(repeat) for the customer does not match", () => {
    expect(decideOffer({ offers: [auto()], order: order(gids[0]), profile: unscored, now: NOW })).toEqual({ outcome: "none", reason: "no_score" });
    const withBaseline = decideOffer({ offers: [auto()], order: order(gids[0]), profile: { scored: false, baselinePRepeat90: 0.03 }, now: NOW, autoBands: new Map([["auto", [withhold]]]) });
    expect(withBaseline.outcome).not.toBe("none");
  });
});

describe("demo history of win-back and birthday offers", () => {
  const window = { startsAt: new Date(NOW.getTime() - 365 * DAY), decideBefore: new Date(NOW.getTime() - DAY) };
  const order = (orderGid: string, iso: string, discountCodes: string[] = []) => ({ orderGid, placedAt: day(iso), subtotal: 80, totalPrice: 86, discountCodes });

  it("decides win-back when a customer goes quiet, and counts a code redeemed by an order within its validity", () => {
    const customers: DemoCustomerHistory[] = Array.from({ length: 60 }, (_, index) => ({
      customerId: `c-${index}`,
      customerGid: `gid://shopify/Customer/${index}`,
      currency: "USD",
      birthDate: null,
      orders: [order(`o-${index}-1`, "2025-12-01"), order(`o-${index}-2`, "2026-04-15"), order(`o-${index}-3`, "2026-05-01")],
    }));
    const planned = planDemoWinBackHistory(offer({ id: "wb", kind: "win_back", validityDays: 45, controlShare: 0.2 }), customers, window, createSeededRandom(1));
    const atRisk = new Date(day("2025-12-01").getTime() + DEMO_AT_RISK_AFTER_DAYS * DAY);
    // Twice per customer: 135 days after 1 December, and 120 days after 1 May (29 August, still in the window).
    expect(planned.length).toBe(120);
    const first = planned.filter((decision) => decision.decidedAt.getTime() === atRisk.getTime());
    expect(first).toHaveLength(60);
    expect(new Set(planned.map((decision) => decision.orderGid)).size).toBe(planned.length);
    for (const decision of first) {
      expect(decision.orderGid).toBe(winBackSubjectKey(decision.customerId, atRisk));
      if (decision.redemption) expect(decision.redemption.orderGid).toMatch(/-2$/);
    }
    expect(first.some((decision) => decision.outcome === "control")).toBe(true);
    expect(first.some((decision) => decision.redemption !== null)).toBe(true);
  });

  it("decides a birthday once a year, leadDays before, for customers known by then", () => {
    const customers: DemoCustomerHistory[] = [
      { customerId: "c-1", customerGid: "gid://shopify/Customer/1", currency: "USD", birthDate: "1990-03-10", orders: [order("o-1", "2025-01-05"), order("o-2", "2026-03-08")] },
      { customerId: "c-2", customerGid: "gid://shopify/Customer/2", currency: "USD", birthDate: "1990-03-10", orders: [order("o-3", "2026-06-01")] },
      { customerId: "c-3", customerGid: "gid://shopify/Customer/3", currency: "USD", birthDate: null, orders: [order("o-4", "2025-01-05")] },
    ];
    const planned = planDemoBirthdayHistory(offer({ id: "bd", kind: "birthday", leadDays: 7 }), customers, window, createSeededRandom(1));
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatchObject({ kind: "birthday", orderGid: "birthday:c-1:2026", decidedAt: midnight("2026-03-03"), expiresAt: midnight("2026-03-18") });
  });

  it("gives about a third of the customers a deterministic birth date", () => {
    const dates = Array.from({ length: 2000 }, (_, index) => demoBirthDate(`gid://shopify/Customer/${index}`, NOW));
    const given = dates.filter((date): date is string => date !== null);
    expect(given.length / dates.length).toBeGreaterThan(0.3);
    expect(given.length / dates.length).toBeLessThan(0.4);
    expect(given.every((date) => parseBirthDate(date) !== null)).toBe(true);
    expect(demoBirthDate("gid://shopify/Customer/5", NOW)).toBe(dates[5]);
  });
});
