import type { Database } from "../db/database";
import { winBackSubjectKey } from "../../domain/offers/decide-customer-offer";
import { couponIssuedTrigger, enqueueFlowTrigger, sendPendingFlowTriggers } from "../activation/flow-triggers";
import { detectActivationTransitions } from "../activation/detect-transitions";
import { syncCustomerMetafields } from "../activation/customer-metafield-sync";
import { runBirthdays } from "../activation/activate-shop";
import { createOffersModule } from "../offers/offers-module";
import { createDemoAdminClients } from "../shopify/demo/demo-admin-clients";

/** How long before "now" the demo shop was first scored: the transitions since then are the demo's Flow triggers. */
export const DEMO_ACTIVATION_LOOKBACK_DAYS = 30;

/**
 * Demo mode's first start, after its offers are seeded: what a month of Encore in a real shop leaves in
 * Settings → Activity. prepareDemoShop first scored the shop as of DEMO_ACTIVATION_LOOKBACK_DAYS ago and
 * recorded those statuses (no trigger fires on a first observation); today's scores then fire "became at risk" / "became a lover", the
 * at-risk customers get the win-back offer's codes ("coupon issued"), this week's birthdays theirs, every
 * customer's scores go to their metafields and the triggers are sent, all through demo mode's Admin API and
 * the same use cases as production, before the app serves (so nothing changes under a merchant's eyes).
 */
export async function seedDemoActivation(
  db: Database,
  options: { shopDomain: string; now: Date },
): Promise<{ seeded: boolean; atRisk: number; lovers: number; winBackCodes: number; metafieldCalls: number; triggersSent: number; ms: number }> {
  const started = performance.now();
  const shop = await db.prisma.shop.findUnique({ where: { domain: options.shopDomain }, select: { id: true, domain: true, _count: { select: { metafieldSyncRuns: true } } } });
  if (!shop || shop._count.metafieldSyncRuns > 0) return { seeded: false, atRisk: 0, lovers: 0, winBackCodes: 0, metafieldCalls: 0, triggersSent: 0, ms: 0 };
  const target = { id: shop.id, domain: shop.domain };
  const admin = createDemoAdminClients();
  const client = await admin(shop.domain);
  const offers = createOffersModule({
    prisma: db.prisma,
    adminClient: admin,
    onDiscountCreated: async (_shop, decision) => {
      const trigger = couponIssuedTrigger(decision);
      if (trigger) await enqueueFlowTrigger(db.pool, trigger);
    },
  });

  const transitions = await detectActivationTransitions({ db, shopId: shop.id, now: options.now });
  let winBackCodes = 0;
  const customers = await db.prisma.customer.findMany({ where: { id: { in: transitions.atRisk } }, select: { id: true, shopifyGid: true } });
  for (const customer of customers) {
    const decision = await offers.useCases.issueCustomerOffer({
      shop: target,
      kind: "win_back",
      customer: { id: customer.id, gid: customer.shopifyGid },
      subjectKey: winBackSubjectKey(customer.id, options.now),
      now: options.now,
    });
    if (decision?.outcome === "issued") winBackCodes++;
  }
  await runBirthdays({ db, offers: offers.useCases, shop: target, today: options.now });
  const metafields = await syncCustomerMetafields({ db, admin: client, shopId: shop.id, now: options.now });
  let triggersSent = 0;
  for (;;) {
    const sent = await sendPendingFlowTriggers({ db: db.pool, admin: client, shopId: shop.id, now: new Date(), maxPerSecond: Number.POSITIVE_INFINITY });
    triggersSent += sent.sent;
    if (!sent.more) break;
  }
  return {
    seeded: true,
    atRisk: transitions.atRisk.length,
    lovers: transitions.lovers.length,
    winBackCodes,
    metafieldCalls: metafields.calls,
    triggersSent,
    ms: performance.now() - started,
  };
}
