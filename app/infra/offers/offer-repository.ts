import type { PrismaClient } from "../db/database";
import type { Offer as OfferRow } from "../db/generated/client";
import type { Offer, OfferKind, OfferTargeting, OfferTerms, SeasonalWindow } from "../../domain/offers/offer";

/** Offers of a shop; every method is scoped by shopId so one shop can never read or change another's. */
export class OfferRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async list(shopId: string, kind?: OfferKind): Promise<Offer[]> {
    const rows = await this.prisma.offer.findMany({ where: { shopId, ...(kind ? { kind } : {}) }, orderBy: [{ priority: "desc" }, { createdAt: "asc" }] });
    return rows.map(toOffer);
  }

  /** Active offers (of one kind when given); whether each is live now is the policy's call (isLive). */
  async active(shopId: string, kind?: OfferKind): Promise<Offer[]> {
    const rows = await this.prisma.offer.findMany({ where: { shopId, status: "active", ...(kind ? { kind } : {}) } });
    return rows.map(toOffer);
  }

  async find(shopId: string, id: string): Promise<Offer | null> {
    const row = await this.prisma.offer.findFirst({ where: { shopId, id } });
    return row ? toOffer(row) : null;
  }

  async create(shopId: string, terms: OfferTerms): Promise<Offer> {
    return toOffer(await this.prisma.offer.create({ data: { shopId, ...toColumns(terms) } }));
  }

  async update(shopId: string, id: string, terms: OfferTerms): Promise<Offer | null> {
    const { count } = await this.prisma.offer.updateMany({ where: { shopId, id }, data: toColumns(terms) });
    return count === 0 ? null : this.find(shopId, id);
  }

  async delete(shopId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.offer.deleteMany({ where: { shopId, id } });
    return count > 0;
  }
}

function toColumns(terms: OfferTerms) {
  return {
    name: terms.name,
    status: terms.status,
    discountType: terms.discountType,
    discountValue: terms.discountValue.toFixed(2),
    minimumSubtotal: terms.minimumSubtotal === null ? null : terms.minimumSubtotal.toFixed(2),
    validityDays: terms.validityDays,
    targeting: { ...terms.targeting },
    orderScope: terms.orderScope,
    controlShare: terms.controlShare,
    startsAt: terms.startsAt,
    endsAt: terms.endsAt,
    priority: terms.priority,
    kind: terms.kind,
    leadDays: terms.leadDays,
    seasonalWindows: terms.seasonalWindows.map((window) => ({ from: window.from, to: window.to })),
    targetingMode: terms.targetingMode,
  };
}

export function toOffer(row: OfferRow): Offer {
  return {
    id: row.id,
    name: row.name,
    status: row.status as Offer["status"],
    discountType: row.discountType as Offer["discountType"],
    discountValue: Number(row.discountValue),
    minimumSubtotal: row.minimumSubtotal === null ? null : Number(row.minimumSubtotal),
    validityDays: row.validityDays,
    targeting: (row.targeting ?? {}) as OfferTargeting,
    orderScope: row.orderScope as Offer["orderScope"],
    controlShare: row.controlShare,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    priority: row.priority,
    kind: row.kind as Offer["kind"],
    leadDays: row.leadDays,
    seasonalWindows: (Array.isArray(row.seasonalWindows) ? row.seasonalWindows : []) as unknown as SeasonalWindow[],
    targetingMode: row.targetingMode as Offer["targetingMode"],
    createdAt: row.createdAt,
  };
}
