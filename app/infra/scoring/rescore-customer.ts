import { buildCustomerSummaries, rfmGroup, scoreCustomer, type CustomerSegments, type ScoringModel, type ValueLadderRung } from "../../domain/scoring";
import type { Database } from "../db/database";
import { insertScoreRows, toScoreRow, type StoredScoringModel } from "./score-repository";

/**
 * Re-scores one customer right after a new order, with the shop's current fitted model (no refit).
 * Predictions are exact for that model. Segments are relative to the whole shop and only recomputed by a full
 * run; until then the customer keeps their frequency and monetary quintiles, and recency becomes 5 (they just
 * bought), which moves their RFM group the way the next full run would. A first-time customer starts at
 * frequency 1 and monetary 3 (the median) and in the "lurker" rung.
 */
export async function rescoreCustomer(db: Database, options: { shopId: string; customerId: string; now: Date }): Promise<boolean> {
  const stored = await db.prisma.scoringModel.findUnique({ where: { shopId: options.shopId } });
  if (!stored) return false;
  const model = (stored.fits as unknown as StoredScoringModel).model as ScoringModel;
  const orders = await db.prisma.order.findMany({
    where: { shopId: options.shopId, customerId: options.customerId, cancelledAt: null, placedAt: { lte: options.now } },
    select: { placedAt: true, totalPrice: true },
  });
  if (orders.length === 0) {
    await db.prisma.customerScore.deleteMany({ where: { customerId: options.customerId, shopId: options.shopId } });
    return true;
  }
  const summaries = buildCustomerSummaries(
    orders.map((order) => ({ customerId: options.customerId, timestamp: order.placedAt.getTime(), amount: Number(order.totalPrice) })),
    { observationEnd: options.now.getTime(), timeUnit: model.timeUnit },
  );
  const prediction = scoreCustomer(summaries, 0, model);
  const previous = await db.prisma.customerScore.findUnique({ where: { customerId_shopId: { customerId: options.customerId, shopId: options.shopId } } });
  const frequency = previous?.rfmFrequency ?? 1;
  const monetary = previous?.rfmMonetary ?? 3;
  const segments: CustomerSegments = {
    rfm: { recency: 5, frequency, monetary },
    rfmGroup: rfmGroup(5, frequency, monetary),
    ladder: (previous?.loyaltySegment as ValueLadderRung | undefined) ?? "lurker",
  };
  await insertScoreRows(db.pool, options.shopId, options.now, [toScoreRow(summaries, 0, prediction, segments)]);
  return true;
}
