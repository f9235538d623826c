import type { WebhookHandler } from "./webhook-router";

/**
 * app/uninstalled: drop the shop's sessions (the token is dead) and mark the shop uninstalled; its data stays
 * until shop/redact (48 h later). Idempotent: the sessions may be gone already.
 */
export const appUninstalledHandler: WebhookHandler = async ({ shopDomain }, { tx }) => {
  await tx.query(`DELETE FROM "Session" WHERE shop = $1`, [shopDomain]);
  await tx.query(`UPDATE "Shop" SET "uninstalledAt" = now(), "updatedAt" = now() WHERE domain = $1 AND "uninstalledAt" IS NULL`, [shopDomain]);
};
