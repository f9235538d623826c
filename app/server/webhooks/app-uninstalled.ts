import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { WebhookHandler } from "./webhook-router";

/** app/uninstalled: drop the shop's sessions and mark it uninstalled. Idempotent: sessions may be gone already. */
export function appUninstalledHandler(deps: { shops: ShopRepository; sessionStorage: SessionStorage }): WebhookHandler {
  return async ({ shopDomain }) => {
    const sessions = await deps.sessionStorage.findSessionsByShop(shopDomain);
    if (sessions.length > 0) await deps.sessionStorage.deleteSessions(sessions.map((session) => session.id));
    await deps.shops.markUninstalled(shopDomain, new Date());
  };
}
