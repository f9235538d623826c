import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolSqlReader } from "../../../app/infra/db/sql-reader";
import { StorefrontRepository } from "../../../app/infra/storefront/storefront-repository";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

const NOW = new Date("2026-11-10T12:00:00Z");
const at = (iso: string) => new Date(iso);

/** The storefront's one-query read of a signed-in shopper: which coupons the banner may offer, and to whom. */
describe.each(databaseBackends())("StorefrontRepository.shopper on %s", (backend) => {
  let db: TestDatabase;
  let readers: [string, StorefrontRepository][];
  let shopId: string;
  let customer: { id: string; shopifyGid: string };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    const shop = await db.prisma.shop.create({ data: { domain: "coupons.myshopify.com" } });
    shopId = shop.id;
    customer = await db.prisma.customer.create({ data: { shopId, shopifyGid: "gid://shopify/Customer/1", firstName: "Aigerim" } });
    const other = await db.prisma.customer.create({ data: { shopId, shopifyGid: "gid://shopify/Customer/2", firstName: "Other" } });
    await db.prisma.customer.create({ data: { shopId, shopifyGid: "gid://shopify/Customer/3", firstName: null, redactedAt: NOW } });
    const issued = (code: string, changes: Record<string, unknown> = {}) => ({
      shopId,
      orderGid: `gid://shopify/Order/${code}`,
      customerId: customer.id,
      customerGid: customer.shopifyGid,
      outcome: "issued",
      code,
      discountStatus: "created",
      discountType: "percentage",
      discountValue: 10,
      currency: "EUR",
      ...changes,
    });
    await db.prisma.offerDecision.createMany({
      data: [
        issued("LAST-SECOND", { expiresAt: at("2026-11-10T12:00:01Z") }),
        issued("SOON", { expiresAt: at("2026-11-12T00:00:00Z"), discountType: "fixed_amount", discountValue: 12.5, minimumSubtotal: 40 }),
        issued("LATER", { expiresAt: at("2026-12-20T00:00:00Z") }),
        issued("NO-EXPIRY", { expiresAt: null }),
        issued("BY-GID-ONLY", { customerId: null, expiresAt: at("2026-11-30T00:00:00Z") }),
        issued("BY-ID-ONLY", { customerGid: null, expiresAt: at("2026-11-29T00:00:00Z") }),
        issued("PENDING", { discountStatus: "pending", expiresAt: at("2026-11-28T00:00:00Z") }),
        // Never offered: expired a second ago, redeemed, failed in Shopify, no code, not issued, someone else's.
        issued("EXPIRED", { expiresAt: at("2026-11-10T11:59:59Z") }),
        issued("REDEEMED", { redeemedAt: at("2026-11-09T00:00:00Z"), expiresAt: at("2026-11-20T00:00:00Z") }),
        issued("FAILED", { discountStatus: "failed", expiresAt: at("2026-11-20T00:00:00Z") }),
        { ...issued("X"), code: null, orderGid: "gid://shopify/Order/no-code" },
        { ...issued("CONTROL"), outcome: "control" },
        issued("OTHERS", { customerId: other.id, customerGid: other.shopifyGid }),
      ],
    });
    readers = [
      ["the pg pool", new StorefrontRepository(db.prisma, poolSqlReader(db.pool, { prepare: db.kind === "postgres" }))],
      ["Prisma", new StorefrontRepository(db.prisma)],
    ];
  });
  afterAll(async () => {
    await db?.close();
  });

  it("offers the customer's unused coupons, soonest expiry first and at most five, by row id or GID", async () => {
    for (const [name, repository] of readers) {
      const shopper = await repository.shopper("coupons.myshopify.com", customer.shopifyGid, NOW);
      expect(shopper?.customer, name).toEqual({ id: customer.id, shopifyGid: customer.shopifyGid, firstName: "Aigerim" });
      expect(shopper!.coupons.map((coupon) => coupon.code), name).toEqual(["LAST-SECOND", "SOON", "PENDING", "BY-ID-ONLY", "BY-GID-ONLY"]);
      expect(shopper!.coupons[1], name).toEqual({
        code: "SOON",
        discountType: "fixed_amount",
        discountValue: 12.5,
        currency: "EUR",
        expiresAt: at("2026-11-12T00:00:00Z"),
        redeemedAt: null,
        minimumSubtotal: 40,
      });
    }
  });

  it("keeps a coupon without expiry last, and shows nothing expired, redeemed, failed or someone else's", async () => {
    await db.prisma.offerDecision.deleteMany({ where: { shopId, code: { in: ["SOON", "PENDING"] } } });
    // (Five again: the one without expiry is the fifth.)
    try {
      for (const [name, repository] of readers) {
        const shopper = await repository.shopper("coupons.myshopify.com", customer.shopifyGid, NOW);
        expect(shopper!.coupons.map((coupon) => coupon.code), name).toEqual(["LAST-SECOND", "BY-ID-ONLY", "BY-GID-ONLY", "LATER", "NO-EXPIRY"]);
      }
    } finally {
      await db.prisma.offerDecision.createMany({
        data: ["SOON", "PENDING"].map((code) => ({ shopId, orderGid: `gid://shopify/Order/${code}`, customerId: customer.id, customerGid: customer.shopifyGid, outcome: "issued", code, discountStatus: code === "PENDING" ? "pending" : "created", expiresAt: at("2026-11-12T00:00:00Z") })),
      });
    }
  });

  it("gives another customer only their own coupon, and one without coupons an empty list", async () => {
    for (const [name, repository] of readers) {
      const other = await repository.shopper("coupons.myshopify.com", "gid://shopify/Customer/2", NOW);
      expect(other?.customer.firstName, name).toBe("Other");
      expect(other!.coupons.map((coupon) => coupon.code), name).toEqual(["OTHERS"]);
    }
    await db.prisma.offerDecision.updateMany({ where: { shopId, code: "OTHERS" }, data: { expiresAt: at("2026-11-01T00:00:00Z") } });
    for (const [name, repository] of readers) {
      expect((await repository.shopper("coupons.myshopify.com", "gid://shopify/Customer/2", NOW))!.coupons, name).toEqual([]);
    }
  });

  it("knows nobody who is unknown, redacted, or at an uninstalled or other shop", async () => {
    for (const [name, repository] of readers) {
      expect(await repository.shopper("coupons.myshopify.com", "gid://shopify/Customer/404", NOW), name).toBeNull();
      expect(await repository.shopper("coupons.myshopify.com", "gid://shopify/Customer/3", NOW), name).toBeNull();
      expect(await repository.shopper("elsewhere.myshopify.com", customer.shopifyGid, NOW), name).toBeNull();
    }
    await db.prisma.shop.update({ where: { id: shopId }, data: { uninstalledAt: NOW } });
    try {
      for (const [name, repository] of readers) expect(await repository.shopper("coupons.myshopify.com", customer.shopifyGid, NOW), name).toBeNull();
    } finally {
      await db.prisma.shop.update({ where: { id: shopId }, data: { uninstalledAt: null } });
    }
  });
});
