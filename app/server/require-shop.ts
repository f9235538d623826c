import type { ShopRepository } from "../infra/db/repositories/shop-repository";
import { AppError } from "./errors";

/** The authenticated shop's row; an unknown shop (never installed, or redacted) is a 404. */
export async function requireShop(shops: ShopRepository, domain: string) {
  const shop = await shops.findByDomain(domain);
  if (!shop) throw new AppError("NOT_FOUND", "Shop not found");
  return shop;
}
