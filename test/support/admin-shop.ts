import request from "supertest";
import type { PrismaClient } from "../../app/infra/db/generated/client";
import { ShopRepository } from "../../app/infra/db/repositories/shop-repository";
import { sessionToken } from "./shopify-signing";

/**
 * A shop installed at `domain` (EUR), the admin's session-token header for it, and `createOffer`, which POSTs
 * an offer to /api/offers as that admin (expecting 201) and resolves with the offer the API returns.
 */
export async function freshAdminShop(prisma: PrismaClient, app: Parameters<typeof request>[0], domain: string) {
  const shop = await new ShopRepository(prisma).upsertInstalled({ domain, currency: "EUR" }, new Date());
  const auth = { Authorization: `Bearer ${await sessionToken({ shop: domain })}` };
  const createOffer = async (body: Record<string, unknown>) => (await request(app).post("/api/offers").set(auth).send(body).expect(201)).body.offer;
  return { shop: { id: shop.id, domain }, auth, createOffer };
}
