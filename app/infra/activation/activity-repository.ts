import type { PrismaClient } from "../db/database";

export interface ActivityView {
  /** When the customer metafield definitions were last ensured (null: not yet). */
  metafieldDefinitionsAt: Date | null;
  metafieldSyncs: {
    id: string;
    status: string;
    customersChecked: number;
    customersChanged: number;
    metafieldsWritten: number;
    calls: number;
    costPoints: number;
    throttledMs: number;
    error: string | null;
    startedAt: Date;
    finishedAt: Date | null;
  }[];
  /** Per Flow trigger (extension handle): how many were sent, are waiting or failed. */
  flowTriggerCounts: { handle: string; status: string; count: number }[];
  /** The newest triggers: what was sent about whom (Encore's customer id, never a name or email) and when. */
  flowTriggers: { id: string; handle: string; status: string; customerId: string | null; payload: unknown; attempts: number; error: string | null; createdAt: Date; sentAt: Date | null }[];
}

/**
 * What Encore did in the merchant's Shopify on their behalf (Settings → Activity): metafield syncs with their
 * API cost and the Flow triggers it sent. The same rows in demo mode (written by the demo Admin client's
 * answers) and in production.
 */
export class ActivityRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async forShop(shopId: string, options: { limit?: number } = {}): Promise<ActivityView> {
    const limit = options.limit ?? 50;
    const [shop, metafieldSyncs, counts, flowTriggers] = await Promise.all([
      this.prisma.shop.findUnique({ where: { id: shopId }, select: { metafieldDefinitionsAt: true } }),
      this.prisma.metafieldSyncRun.findMany({ where: { shopId }, orderBy: { startedAt: "desc" }, take: 20 }),
      this.prisma.flowTriggerEvent.groupBy({ by: ["handle", "status"], where: { shopId }, _count: { _all: true } }),
      this.prisma.flowTriggerEvent.findMany({ where: { shopId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit }),
    ]);
    return {
      metafieldDefinitionsAt: shop?.metafieldDefinitionsAt ?? null,
      metafieldSyncs: metafieldSyncs.map(({ shopId: _shop, ...run }) => run),
      flowTriggerCounts: counts
        .map((row) => ({ handle: row.handle, status: row.status, count: row._count._all }))
        .sort((a, b) => a.handle.localeCompare(b.handle) || a.status.localeCompare(b.status)),
      flowTriggers: flowTriggers.map(({ shopId: _shop, dedupeKey: _key, ...event }) => event),
    };
  }
}
