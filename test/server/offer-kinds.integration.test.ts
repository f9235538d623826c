import { randomUUID } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTO_INCENTIVE_RULES } from "../../app/domain/offers/auto-incentive";
import { assignmentBucket } from "../../app/domain/offers/control-group";
import { winBackSubjectKey } from "../../app/domain/offers/decide-customer-offer";
import { demoBirthdayOfferId, demoOfferId, demoWinBackOfferId, seedDemoOffers } from "../../app/infra/demo/seed-demo-offers";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import { redactCustomer } from "../../app/infra/db/repositories/privacy-repository";
import { customerRowsDocument } from "../../app/infra/db/repositories/commerce-rows";
import { upsertCustomerRows } from "../../app/infra/db/repositories/commerce-write-repository";
import { SignupBirthDates } from "../../app/infra/storefront/customer-signup";
import { birthdayOffersDue } from "../../app/infra/offers/birthday-offers-due";
import { createOffersModule, type OffersModule } from "../../app/infra/offers/offers-module";
import type { AdminGraphqlClient } from "../../app/infra/shopify/admin-graphql";
import { createDemoCustomerApi, DEMO_CUSTOMER_OPERATIONS, type DemoCustomerFacts } from "../../app/infra/shopify/demo/demo-customer-api";
import { DemoDiscountApi } from "../../app/infra/shopify/demo/demo-discount-api";
import { freshAdminShop } from "../support/admin-shop";
import { signedProxyPath } from "../support/app-proxy-signing";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../support/database-backends";
import { checkoutToken, DEMO_SHOP } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";

const CREATE = "DiscountCodeBasicCreate";
let sequence = 8_100_000_001;

const base = { status: "active", discountType: "percentage", discountValue: 20, validityDays: 30, controlShare: 0 };
const winBackOffer = { ...base, name: "We miss you", kind: "win_back" };
const birthdayOffer = { ...base, name: "Happy birthday", kind: "birthday", discountType: "fixed_amount", discountValue: 10, leadDays: 7 };
const nextPurchaseOffer = { ...base, name: "Come back", kind: "next_purchase" };

describe.each(databaseBackends())("win-back and birthday offers, seasonal windows on %s", (backend) => {
  let db: TestDatabase;
  let discounts: DemoDiscountApi;
  let facts: DemoCustomerFacts;
  let harness: ReturnType<typeof buildTestApp>;
  let offers: OffersModule;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    discounts = new DemoDiscountApi({ latencyMs: 20 });
    facts = { emailMarketing: new Map(), metafields: new Map() };
    // Discount operations go to the counting demo discount API, the sign-up's customer operations to the demo customer API.
    const adminClients = async (shopDomain: string): Promise<AdminGraphqlClient> => {
      const customers = createDemoCustomerApi({ prisma: db.prisma, shopDomain, facts });
      return {
        request: (operation, variables) =>
          (DEMO_CUSTOMER_OPERATIONS as readonly string[]).includes(operation.name) ? customers.request(operation, variables) : discounts.request(operation, variables),
      };
    };
    harness = buildTestApp(db, {}, { adminClients });
    offers = createOffersModule({ prisma: db.prisma, adminClient: async () => discounts });
  });
  afterAll(async () => {
    await harness?.close();
    await db?.close();
  });

  const freshShop = (name: string) => freshAdminShop(db.prisma, harness.app, `${name}-${backend}.myshopify.com`);

  async function createCustomer(shopId: string, data: { birthDate?: string } = {}) {
    const id = sequence++;
    return db.prisma.customer.create({ data: { shopId, shopifyGid: `gid://shopify/Customer/${id}`, firstName: "Ada", email: `ada${id}@example.com`, ...data } });
  }

  describe("API", () => {
    it.each([
      ["a birthday offer without its lead", { ...birthdayOffer, leadDays: undefined }, "leadDays"],
      ["a lead of 61 days", { ...birthdayOffer, leadDays: 61 }, "leadDays"],
      ["a lead on a win-back offer", { ...winBackOffer, leadDays: 3 }, "leadDays"],
      ["first orders on a win-back offer", { ...winBackOffer, orderScope: "first_order" }, "orderScope"],
      ["an unknown kind", { ...winBackOffer, kind: "vip" }, "kind"],
      ["a malformed window", { ...winBackOffer, seasonalWindows: [{ from: "13-01", to: "01-10" }] }, "seasonalWindows.0.from"],
      ["a window that is not a list", { ...winBackOffer, seasonalWindows: "winter" }, "seasonalWindows"],
      ["an unknown targeting mode", { ...winBackOffer, targetingMode: "robot" }, "targetingMode"],
      ["auto targeting with a band", { ...winBackOffer, targetingMode: "auto", targeting: { maxPRepeat90: 0.4 } }, "targeting.maxPRepeat90"],
    ])("rejects %s with a 400 naming the field in plain words", async (_name, body, field) => {
      const { auth } = await freshShop("api-bad");
      const response = await request(harness.app).post("/api/offers").set(auth).send(body).expect(400);
      const problem = response.body.error.fields.find((entry: { field: string }) => entry.field === field);
      expect(problem).toBeDefined();
      expect(problem.message).toMatch(/^[A-Z][^{}]+$/);
    });

    it("creates, reads and updates kind, lead, windows and targeting mode; an update without them keeps them; the kind never changes", async () => {
      const { auth, createOffer } = await freshShop("api-crud");
      const windows = [{ from: "12-01", to: "01-06" }];
      const created = await createOffer({ ...birthdayOffer, seasonalWindows: windows, targetingMode: "auto" });
      expect(created).toMatchObject({ kind: "birthday", leadDays: 7, seasonalWindows: windows, targetingMode: "auto" });
      expect((await request(harness.app).get(`/api/offers/${created.id}`).set(auth).expect(200)).body.offer).toMatchObject({ kind: "birthday", leadDays: 7 });

      // The admin form of today PUTs the terms it knows.
      const { kind: _k, leadDays: _l, seasonalWindows: _w, targetingMode: _t, ...formBody } = { ...birthdayOffer, seasonalWindows: windows, targetingMode: "auto" };
      const put = await request(harness.app).put(`/api/offers/${created.id}`).set(auth).send({ ...formBody, discountValue: 12 }).expect(200);
      expect(put.body.offer).toMatchObject({ discountValue: 12, kind: "birthday", leadDays: 7, seasonalWindows: windows, targetingMode: "auto" });

      const patched = await request(harness.app).patch(`/api/offers/${created.id}`).set(auth).send({ leadDays: 14, seasonalWindows: [] }).expect(200);
      expect(patched.body.offer).toMatchObject({ leadDays: 14, seasonalWindows: [] });
      const changeKind = await request(harness.app).patch(`/api/offers/${created.id}`).set(auth).send({ kind: "win_back", leadDays: null }).expect(400);
      expect(changeKind.body.error.fields.map((entry: { field: string }) => entry.field)).toEqual(["kind"]);
      await request(harness.app).put(`/api/offers/${created.id}`).set(auth).send({ ...formBody, kind: "next_purchase", leadDays: null }).expect(400);
    });

    it("lists offers and their performance per kind", async () => {
      const { auth, createOffer } = await freshShop("api-list");
      const winBack = await createOffer(winBackOffer);
      const birthday = await createOffer(birthdayOffer);
      const nextPurchase = await createOffer(nextPurchaseOffer);
      const all = (await request(harness.app).get("/api/offers").set(auth).expect(200)).body.offers;
      expect(all.map((offer: { id: string }) => offer.id).sort()).toEqual([winBack.id, birthday.id, nextPurchase.id].sort());
      const winBacks = (await request(harness.app).get("/api/offers?kind=win_back").set(auth).expect(200)).body.offers;
      expect(winBacks.map((offer: { id: string }) => offer.id)).toEqual([winBack.id]);
      const performance = (await request(harness.app).get("/api/offers/performance?kind=birthday").set(auth).expect(200)).body.offers;
      expect(performance).toEqual([expect.objectContaining({ offerId: birthday.id, kind: "birthday", issued: 0, controlGroup: 0 })]);
      await request(harness.app).get("/api/offers?kind=vip").set(auth).expect(400);
    });
  });

  describe("win-back", () => {
    it("is issued exactly once for the same subject under concurrent calls: one Shopify create, locked to the customer", async () => {
      const { shop, createOffer } = await freshShop("wb-race");
      const offer = await createOffer(winBackOffer);
      const customer = await createCustomer(shop.id);
      const subjectKey = winBackSubjectKey(customer.id, new Date());
      const before = discounts.callsTo(CREATE).length;
      const decisions = await Promise.all(
        Array.from({ length: 12 }, () =>
          offers.useCases.issueCustomerOffer({ shop, kind: "win_back", customer: { id: customer.id, gid: customer.shopifyGid }, subjectKey, now: new Date() }),
        ),
      );
      const creates = discounts.callsTo(CREATE).slice(before);
      expect(creates).toHaveLength(1);
      expect(new Set(decisions.map((decision) => decision!.id)).size).toBe(1);
      expect(decisions[0]).toMatchObject({ kind: "win_back", orderGid: subjectKey, offerId: offer.id, outcome: "issued", customerGid: customer.shopifyGid });
      expect(decisions.every((decision) => decision!.discountStatus === "created" && decision!.code === decisions[0]!.code)).toBe(true);
      const input = creates[0].variables.basicCodeDiscount as { code: string; title: string; context: unknown; usageLimit: number };
      expect(input).toMatchObject({ code: decisions[0]!.code, context: { customers: { add: [customer.shopifyGid] } }, usageLimit: 1 });
      expect(input.title).toContain("win-back");
      expect(await db.prisma.offerDecision.count({ where: { shopId: shop.id } })).toBe(1);
    });

    it("retries a failed Shopify call with the same code and never creates a second discount", async () => {
      const { shop, createOffer } = await freshShop("wb-retry");
      await createOffer(winBackOffer);
      const customer = await createCustomer(shop.id);
      const input = { shop, kind: "win_back" as const, customer: { id: customer.id, gid: customer.shopifyGid }, subjectKey: winBackSubjectKey(customer.id, new Date()) };
      discounts.failNextCreates("lost_response");
      const failed = await offers.useCases.issueCustomerOffer({ ...input, now: new Date() });
      expect(failed).toMatchObject({ discountStatus: "failed" });
      const retried = await offers.useCases.issueCustomerOffer({ ...input, now: new Date() });
      expect(retried).toMatchObject({ id: failed!.id, code: failed!.code, discountStatus: "created" });
      expect(retried!.shopifyDiscountId).toBe(discounts.discountByCode(failed!.code!)!.id);
    });

    it("honours the control group (split by offer and customer GID) and measures issued vs control, redeemed and revenue", async () => {
      const { shop, auth, createOffer } = await freshShop("wb-control");
      const offer = await createOffer({ ...winBackOffer, controlShare: 0.5 });
      const customers = await Promise.all(Array.from({ length: 24 }, () => createCustomer(shop.id)));
      const before = discounts.callsTo(CREATE).length;
      const decided = [];
      for (const customer of customers) {
        decided.push(
          await offers.useCases.issueCustomerOffer({
            shop,
            kind: "win_back",
            customer: { id: customer.id, gid: customer.shopifyGid },
            subjectKey: winBackSubjectKey(customer.id, new Date()),
            now: new Date(),
          }),
        );
      }
      const expected = customers.map((customer) => (assignmentBucket(offer.id, customer.shopifyGid) < 0.5 ? "control" : "issued"));
      expect(decided.map((decision) => decision!.outcome)).toEqual(expected);
      const issued = decided.filter((decision) => decision!.outcome === "issued");
      expect(issued.length).toBeGreaterThan(0);
      expect(issued.length).toBeLessThan(customers.length);
      expect(discounts.callsTo(CREATE).length - before).toBe(issued.length);
      expect(decided.filter((decision) => decision!.outcome === "control").every((decision) => decision!.code === null)).toBe(true);

      await offers.useCases.recordRedemptions(shop.id, { orderGid: `gid://shopify/Order/${sequence++}`, discountCodes: [issued[0]!.code!], placedAt: new Date(), totalPrice: 120, totalDiscounts: 24 });
      const report = (await request(harness.app).get(`/api/offers/${offer.id}/performance`).set(auth).expect(200)).body;
      expect(report).toMatchObject({ kind: "win_back", issued: issued.length, controlGroup: customers.length - issued.length, redeemed: 1, attributedRevenue: 120, discountCost: 24 });
    });

    it("decides nothing and stores nothing while the shop has no live win-back offer, or outside its seasonal window", async () => {
      const { shop, createOffer } = await freshShop("wb-season");
      await createOffer(nextPurchaseOffer);
      const customer = await createCustomer(shop.id);
      const now = new Date("2026-07-01T12:00:00Z");
      const input = { shop, kind: "win_back" as const, customer: { id: customer.id, gid: customer.shopifyGid }, subjectKey: winBackSubjectKey(customer.id, now), now };
      expect(await offers.useCases.issueCustomerOffer(input)).toBeNull();
      await createOffer({ ...winBackOffer, seasonalWindows: [{ from: "11-15", to: "01-15" }] });
      expect(await offers.useCases.issueCustomerOffer(input)).toBeNull();
      expect(await db.prisma.offerDecision.count({ where: { shopId: shop.id } })).toBe(0);
      const inSeason = new Date("2026-12-30T12:00:00Z");
      const decision = await offers.useCases.issueCustomerOffer({ ...input, subjectKey: winBackSubjectKey(customer.id, inSeason), now: inSeason });
      expect(decision).toMatchObject({ outcome: "issued", kind: "win_back" });
    });

    it("is shown by the storefront banner to that signed-in customer", async () => {
      const { shop, createOffer } = await freshShop("wb-banner");
      await createOffer(winBackOffer);
      const customer = await createCustomer(shop.id);
      const decision = await offers.useCases.issueCustomerOffer({
        shop,
        kind: "win_back",
        customer: { id: customer.id, gid: customer.shopifyGid },
        subjectKey: winBackSubjectKey(customer.id, new Date()),
        now: new Date(),
      });
      const customerId = customer.shopifyGid.split("/").pop()!;
      const banner = await request(harness.app).get(signedProxyPath("/banner", { shop: shop.domain, customerId, query: { locale: "en" } })).expect(200);
      expect(banner.body).toMatchObject({ show: true, firstName: "Ada", code: decision!.code });
      const stranger = await createCustomer(shop.id);
      const other = await request(harness.app).get(signedProxyPath("/banner", { shop: shop.domain, customerId: stranger.shopifyGid.split("/").pop()! })).expect(200);
      expect(other.body.code).toBeUndefined();
    });
  });

  describe("next-purchase decisions", () => {
    it("the thank-you decision never picks a win-back or birthday offer", async () => {
      const { shop, createOffer } = await freshShop("ty-kinds");
      await createOffer({ ...winBackOffer, priority: 100 });
      await createOffer({ ...birthdayOffer, priority: 50 });
      const customer = await createCustomer(shop.id);
      const order = await db.prisma.order.create({
        data: { shopId: shop.id, shopifyGid: `gid://shopify/Order/${sequence++}`, name: "#1", customerId: customer.id, currency: "EUR", totalPrice: "80.00", subtotalPrice: "75.00", placedAt: new Date() },
      });
      const token = await checkoutToken({ shop: shop.domain, customerGid: customer.shopifyGid });
      const thankYou = await request(harness.app).get("/api/extension/thank-you").query({ orderId: order.shopifyGid }).set("Authorization", `Bearer ${token}`).expect(200);
      expect(thankYou.body).toMatchObject({ status: "ready", coupon: null });
      expect(await db.prisma.offerDecision.findFirstOrThrow({ where: { shopId: shop.id, orderGid: order.shopifyGid } })).toMatchObject({
        kind: "next_purchase",
        outcome: "none",
        reason: "no_active_offer",
        offerId: null,
      });
    });

    it("an offer outside its seasonal window decides none; the same offer in season issues", async () => {
      const { shop, createOffer } = await freshShop("ty-season");
      await createOffer({ ...nextPurchaseOffer, seasonalWindows: [{ from: "12-20", to: "01-05" }] });
      const customer = await createCustomer(shop.id);
      const decide = async (iso: string) => {
        const created = await db.prisma.order.create({
          data: { shopId: shop.id, shopifyGid: `gid://shopify/Order/${sequence++}`, name: "#2", customerId: customer.id, currency: "EUR", totalPrice: "80.00", subtotalPrice: "75.00", placedAt: new Date(iso) },
        });
        const order = await offers.facts.findOrder(shop.id, created.shopifyGid);
        return offers.useCases.issueCouponForOrder({ shop, order: order!, now: new Date(iso) });
      };
      expect(await decide("2026-07-01T12:00:00Z")).toMatchObject({ outcome: "none", reason: "no_active_offer" });
      expect(await decide("2027-01-05T12:00:00Z")).toMatchObject({ outcome: "issued", kind: "next_purchase" });
    });
  });

  describe("birthday", () => {
    it("is due leadDays ahead and issued once per year, valid until a week after the birthday", async () => {
      const { shop, createOffer } = await freshShop("bd-year");
      const offer = await createOffer(birthdayOffer);
      const celebrant = await createCustomer(shop.id, { birthDate: "1990-03-10" });
      await createCustomer(shop.id, { birthDate: "1990-03-20" });
      await createCustomer(shop.id);
      const today = new Date("2027-03-03T06:00:00Z");
      const due = await birthdayOffersDue({ db, shopId: shop.id, today });
      expect(due).toEqual([{ id: celebrant.id, gid: celebrant.shopifyGid, subjectKey: `birthday:${celebrant.id}:2027`, birthday: new Date("2027-03-10T00:00:00Z") }]);

      const before = discounts.callsTo(CREATE).length;
      const issue = (subjectKey: string, now: Date) =>
        offers.useCases.issueCustomerOffer({ shop, kind: "birthday", customer: { id: celebrant.id, gid: celebrant.shopifyGid }, subjectKey, now });
      const decisions = await Promise.all(Array.from({ length: 6 }, () => issue(due[0].subjectKey, today)));
      expect(new Set(decisions.map((decision) => decision!.id)).size).toBe(1);
      expect(decisions[0]).toMatchObject({ kind: "birthday", offerId: offer.id, outcome: "issued", discountStatus: "created", expiresAt: new Date("2027-03-18T00:00:00Z") });
      expect(discounts.callsTo(CREATE).length - before).toBe(1);

      // The next days find it decided; issuing again for the year changes nothing.
      expect(await birthdayOffersDue({ db, shopId: shop.id, today: new Date("2027-03-04T06:00:00Z") })).toEqual([]);
      expect((await issue(due[0].subjectKey, new Date("2027-03-05T06:00:00Z")))!.id).toBe(decisions[0]!.id);
      expect(discounts.callsTo(CREATE).length - before).toBe(1);

      // Next year is a new occasion.
      const nextYear = new Date("2028-03-03T06:00:00Z");
      const [again] = await birthdayOffersDue({ db, shopId: shop.id, today: nextYear });
      expect(again.subjectKey).toBe(`birthday:${celebrant.id}:2028`);
      const next = await issue(again.subjectKey, nextYear);
      expect(next).toMatchObject({ outcome: "issued" });
      expect(next!.code).not.toBe(decisions[0]!.code);
    });

    it("celebrates 29 February on the 28th in a common year; nothing is due without a live birthday offer", async () => {
      const { shop, createOffer } = await freshShop("bd-leap");
      const leapling = await createCustomer(shop.id, { birthDate: "2000-02-29" });
      const today = new Date("2027-02-21T06:00:00Z");
      expect(await birthdayOffersDue({ db, shopId: shop.id, today })).toEqual([]);
      await createOffer(birthdayOffer);
      const due = await birthdayOffersDue({ db, shopId: shop.id, today });
      expect(due).toEqual([expect.objectContaining({ id: leapling.id, subjectKey: `birthday:${leapling.id}:2027`, birthday: new Date("2027-02-28T00:00:00Z") })]);
      const decision = await offers.useCases.issueCustomerOffer({ shop, kind: "birthday", customer: { id: leapling.id, gid: leapling.shopifyGid }, subjectKey: due[0].subjectKey, now: today });
      expect(decision).toMatchObject({ outcome: "issued", expiresAt: new Date("2027-03-08T00:00:00Z") });
    });

    it("refuses a subject key of another customer or kind", async () => {
      const { shop } = await freshShop("bd-key");
      const customer = await createCustomer(shop.id, { birthDate: "1990-03-10" });
      await expect(
        offers.useCases.issueCustomerOffer({ shop, kind: "birthday", customer: { id: customer.id, gid: customer.shopifyGid }, subjectKey: "birthday:someone-else:2027", now: new Date() }),
      ).rejects.toThrow(RangeError);
    });
  });

  describe("birthdays from the storefront sign-up", () => {
    it("stores the birthday on a signed-in customer and on a customer the sign-up creates; a signed-out sign-up never changes an existing customer", async () => {
      const { shop } = await freshShop("signup");
      const signedIn = await createCustomer(shop.id);
      const existing = await createCustomer(shop.id);
      const customerId = signedIn.shopifyGid.split("/").pop()!;
      await request(harness.app).post(signedProxyPath("/signup", { shop: shop.domain, customerId })).send({ marketingConsent: true, birthday: "1988-06-01" }).expect(200);
      expect((await db.prisma.customer.findUniqueOrThrow({ where: { id: signedIn.id } })).birthDate).toBe("1988-06-01");

      await request(harness.app).post(signedProxyPath("/signup", { shop: shop.domain })).send({ email: existing.email, marketingConsent: true, birthday: "1970-01-01" }).expect(200);
      expect((await db.prisma.customer.findUniqueOrThrow({ where: { id: existing.id } })).birthDate).toBeNull();

      await request(harness.app).post(signedProxyPath("/signup", { shop: shop.domain })).send({ email: "new.person@example.com", marketingConsent: true, birthday: "1992-09-30" }).expect(200);
      expect((await db.prisma.customer.findFirstOrThrow({ where: { shopId: shop.id, email: "new.person@example.com" } })).birthDate).toBe("1992-09-30");
    });

    it("keeps the birthday of a customer the sign-up created in a real shop, before Shopify's customers/create arrives", async () => {
      const { shop } = await freshShop("signup-real");
      const gid = `gid://shopify/Customer/${sequence++}`;
      // In a real shop customerCreate makes the customer in Shopify only: Encore has no row for them yet.
      const result = { ok: true as const, customerGid: gid, created: true, changed: true };
      expect(await new SignupBirthDates(db.prisma).record({ shopDomain: shop.domain, result, birthday: "1994-02-28" })).toEqual({ recorded: true });
      const stub = await db.prisma.customer.findUniqueOrThrow({ where: { shopId_shopifyGid: { shopId: shop.id, shopifyGid: gid } } });
      expect(stub).toMatchObject({ birthDate: "1994-02-28", email: null });
      // The webhook's upsert fills the rest and keeps the date.
      const document = customerRowsDocument([{ shopifyGid: gid, firstName: "Ana", lastName: null, email: "ana@example.com", phone: null, city: null, countryCode: null, shopifyCreatedAt: new Date(), shopifyUpdatedAt: new Date() }]);
      await upsertCustomerRows(db.pool, shop.id, document);
      expect(await db.prisma.customer.findUniqueOrThrow({ where: { id: stub.id } })).toMatchObject({ birthDate: "1994-02-28", email: "ana@example.com" });
    });

    it("customers/redact nulls the birth date", async () => {
      const { shop } = await freshShop("redact");
      const customer = await createCustomer(shop.id, { birthDate: "1990-03-10" });
      await redactCustomer(db.pool, shop.id, customer.shopifyGid, null);
      expect(await db.prisma.customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({ birthDate: null, email: null });
    });
  });

  describe("automatic targeting", () => {
    const DAY = 86_400_000;

    async function score(shopId: string, customerId: string, pRepeat90: number) {
      await db.prisma.customerScore.create({
        data: {
          shopId, customerId, model: "bgnbd", confidence: "high", scoredAt: new Date(), orderCount: 1, repeatPurchases: 0,
          firstOrderAt: new Date("2026-01-01"), lastOrderAt: new Date("2026-01-01"), totalSpent: "50", averageOrderValue: "50", pAlive: 0.5, pRepeat90,
          expectedOrders90: 0.1, expectedOrders365: 0.3, predictedClv365: "20", rfmRecency: 2, rfmFrequency: 1, rfmMonetary: 2, rfmSegment: "at_risk", loyaltySegment: "lurker",
        },
      });
    }

    /** 120 + 120 matured decisions in the lowest band: no lift, every code redeemed at 20 off a 50 order. */
    async function historyThatDoesNotPay(shopId: string, offerId: string, now: Date) {
      const decidedAt = new Date(now.getTime() - 200 * DAY);
      const customers = Array.from({ length: 240 }, (_, index) => ({ id: randomUUID(), shopId, shopifyGid: `gid://shopify/Customer/${sequence++}`, issued: index % 2 === 0, repeats: index % 20 < 2 }));
      await db.prisma.customer.createMany({ data: customers.map(({ id, shopId: shop, shopifyGid }) => ({ id, shopId: shop, shopifyGid })) });
      await db.prisma.customerScoreSnapshot.createMany({
        data: customers.map((customer) => ({ shopId, customerId: customer.id, scoredAt: new Date(decidedAt.getTime() - DAY), model: "bgnbd", pAlive: 0.5, pRepeat90: 0.02, predictedClv365: "10", rfmSegment: "at_risk" })),
      });
      await db.prisma.offerDecision.createMany({
        data: customers.map((customer) => ({
          shopId, kind: "win_back", offerId, orderGid: winBackSubjectKey(customer.id, decidedAt), customerId: customer.id, customerGid: customer.shopifyGid, decidedAt,
          ...(customer.issued
            ? { outcome: "issued", code: `HIST${sequence++}`, discountStatus: "created", discountType: "percentage", discountValue: 40, currency: "EUR", redeemedAt: decidedAt, discountAmount: "20.00", attributedRevenue: "30.00" }
            : { outcome: "control", reason: "control_group" }),
        })),
      });
      await db.prisma.order.createMany({
        data: customers.filter((customer) => customer.repeats).map((customer) => ({
          shopId, shopifyGid: `gid://shopify/Order/${sequence++}`, name: "#r", customerId: customer.id, currency: "EUR", totalPrice: "50.00", subtotalPrice: "50.00",
          placedAt: new Date(decidedAt.getTime() + 30 * DAY),
        })),
      });
    }

    it("withholds the code in a band whose history shows it does not pay, learns in a band without history, and keeps withheld customers out of the control group", async () => {
      const { shop, auth, createOffer } = await freshShop("auto");
      const offer = await createOffer({ ...winBackOffer, targetingMode: "auto", controlShare: 0.1 });
      const now = new Date();
      await historyThatDoesNotPay(shop.id, offer.id, now);
      const autoOffers = createOffersModule({ prisma: db.prisma, adminClient: async () => discounts });

      const decide = async (pRepeat90: number) => {
        const customer = await createCustomer(shop.id);
        await score(shop.id, customer.id, pRepeat90);
        const decision = await autoOffers.useCases.issueCustomerOffer({
          shop, kind: "win_back", customer: { id: customer.id, gid: customer.shopifyGid }, subjectKey: winBackSubjectKey(customer.id, now), now,
        });
        return { bucket: assignmentBucket(offer.id, customer.shopifyGid), decision: decision! };
      };
      const low = await Promise.all(Array.from({ length: 30 }, () => decide(0.02)));
      for (const { bucket, decision } of low) {
        const expected =
          bucket < 0.1 ? ["control", "control_group"] : bucket >= 1 - AUTO_INCENTIVE_RULES.explorationShare ? ["issued", null] : ["control", "auto_withheld"];
        expect([decision.outcome, decision.reason]).toEqual(expected);
      }
      expect(low.filter(({ decision }) => decision.reason === "auto_withheld").length).toBeGreaterThan(10);

      const high = await Promise.all(Array.from({ length: 20 }, () => decide(0.6)));
      for (const { bucket, decision } of high) {
        expect(decision.outcome).toBe(bucket < AUTO_INCENTIVE_RULES.learningControlShare ? "control" : "issued");
        expect(decision.reason).not.toBe("auto_withheld");
      }

      const report = (await request(harness.app).get(`/api/offers/${offer.id}/performance`).set(auth).expect(200)).body;
      const controlGroup = [...low, ...high].filter(({ decision }) => decision.reason === "control_group").length;
      expect(report.controlGroup).toBe(120 + controlGroup);
    });
  });

  describe("demo shop", () => {
    it("seeds a win-back and a birthday offer with a history of issued, control and redeemed decisions, and birth dates", async () => {
      const now = new Date("2026-11-01T00:00:00Z");
      await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 7, now, customerCount: 800 });
      const report = await seedDemoOffers(db, { shopDomain: DEMO_SHOP, now, seed: 7 });
      expect(report.seeded).toBe(true);
      for (const kind of [report.winBack, report.birthday]) {
        expect(kind.seeded).toBe(true);
        expect(kind.issued).toBeGreaterThan(20);
        expect(kind.control).toBeGreaterThan(2);
        expect(kind.redeemed).toBeGreaterThan(0);
      }
      expect(report.birthday.birthDates).toBeGreaterThan(200);
      expect((await seedDemoOffers(db, { shopDomain: DEMO_SHOP, now, seed: 7 })).seeded).toBe(false);

      const shop = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
      const listed = (await request(harness.app).get("/api/offers").expect(200)).body.offers;
      expect(listed.map((offer: { id: string; kind: string }) => [offer.id, offer.kind])).toEqual([
        [demoOfferId(shop.id), "next_purchase"],
        [demoWinBackOfferId(shop.id), "win_back"],
        [demoBirthdayOfferId(shop.id), "birthday"],
      ]);
      for (const [offerId, seeded] of [[demoWinBackOfferId(shop.id), report.winBack], [demoBirthdayOfferId(shop.id), report.birthday]] as const) {
        const performance = (await request(harness.app).get(`/api/offers/${offerId}/performance`).expect(200)).body;
        expect(performance).toMatchObject({ issued: seeded.issued, controlGroup: seeded.control, redeemed: seeded.redeemed });
        expect(performance.attributedRevenue).toBeGreaterThan(0);
        expect(performance.repeat.issued.customers + performance.repeat.control.customers).toBeGreaterThan(0);
      }
      const redeemed = await db.prisma.offerDecision.findFirstOrThrow({ where: { offerId: demoWinBackOfferId(shop.id), redeemedAt: { not: null } } });
      expect(redeemed.kind).toBe("win_back");
      const order = await db.prisma.order.findFirstOrThrow({ where: { shopId: shop.id, shopifyGid: redeemed.redeemedOrderGid! } });
      expect(order.discountCodes).toContain(redeemed.code);
    });
  });
});
