import { RFM_GROUPS, VALUE_LADDER } from "../../domain/scoring";
import type { PrismaClient } from "../db/database";

export interface ScoreSummary {
  customers: number;
  model: { name: string; confidence: string; fittedAt: Date; customers: number; repeatCustomers: number } | null;
  /** P(repeat in 90 days) in ten bins of 0.1: bins[i] counts scores in [i/10, (i+1)/10) (the last bin includes 1). */
  pRepeat90Histogram: { from: number; to: number; customers: number }[];
  segments: {
    rfm: Record<string, number>;
    ladder: Record<string, number>;
  };
}

/** Aggregates over the stored score rows (distribution and segment sizes), computed in SQL. */
export async function readScoreSummary(prisma: PrismaClient, shopId: string): Promise<ScoreSummary> {
  const [model, bins, rfm, ladder] = await Promise.all([
    prisma.scoringModel.findUnique({ where: { shopId } }),
    prisma.$queryRaw<{ bin: number; customers: bigint }[]>`
      SELECT least(floor("pRepeat90" * 10), 9)::int AS bin, count(*) AS customers
      FROM "CustomerScore" WHERE "shopId" = ${shopId} GROUP BY 1`,
    prisma.customerScore.groupBy({ by: ["rfmSegment"], where: { shopId }, _count: { _all: true } }),
    prisma.customerScore.groupBy({ by: ["loyaltySegment"], where: { shopId }, _count: { _all: true } }),
  ]);
  const histogram = Array.from({ length: 10 }, (_, bin) => ({ from: bin / 10, to: (bin + 1) / 10, customers: 0 }));
  for (const row of bins) histogram[row.bin].customers = Number(row.customers);
  const rfmCounts = Object.fromEntries(RFM_GROUPS.map((group) => [group, 0]));
  for (const row of rfm) rfmCounts[row.rfmSegment] = row._count._all;
  const ladderCounts = Object.fromEntries(VALUE_LADDER.map((rung) => [rung, 0]));
  for (const row of ladder) ladderCounts[row.loyaltySegment] = row._count._all;
  return {
    customers: histogram.reduce((sum, bin) => sum + bin.customers, 0),
    model: model && {
      name: model.selectedModel,
      confidence: model.confidence,
      fittedAt: model.fittedAt,
      customers: model.customers,
      repeatCustomers: model.repeatCustomers,
    },
    pRepeat90Histogram: histogram,
    segments: { rfm: rfmCounts, ladder: ladderCounts },
  };
}
