import { estimateLift, type LiftEstimate } from "./lift";

/**
 * A customer "repeated" when they ordered again within this many days of the decided order: the horizon of
 * the P(repeat in 90 days) score that targets offers, so lift and targeting speak about the same thing.
 * Only decisions whose window has closed are measured.
 */
export const LIFT_WINDOW_DAYS = 90;

/** Counts the database aggregates for one offer (see OfferDecisionRepository.performanceAggregates). */
export interface OfferPerformanceAggregates {
  issued: number;
  redeemed: number;
  control: number;
  attributedRevenue: number;
  discountCost: number;
  /** Repeat window: an order by the same customer within this many days after the decided order. */
  windowDays: number;
  /** Decisions of known customers whose window has closed, per group, and how many of them came back. */
  issuedMeasured: number;
  issuedRepeated: number;
  controlMeasured: number;
  controlRepeated: number;
}

export interface GroupRepeat {
  customers: number;
  repeated: number;
  rate: number | null;
}

export interface OfferPerformance {
  issued: number;
  redeemed: number;
  redemptionRate: number | null;
  attributedRevenue: number;
  discountCost: number;
  controlGroup: number;
  repeat: { windowDays: number; issued: GroupRepeat; control: GroupRepeat };
  /** Incremental repeat rate (issued − control) with its interval; null until both groups have matured customers. */
  lift: LiftEstimate | null;
}

export function offerPerformance(aggregates: OfferPerformanceAggregates, confidence = 0.95): OfferPerformance {
  const group = (customers: number, repeated: number): GroupRepeat => ({ customers, repeated, rate: customers > 0 ? repeated / customers : null });
  return {
    issued: aggregates.issued,
    redeemed: aggregates.redeemed,
    redemptionRate: aggregates.issued > 0 ? aggregates.redeemed / aggregates.issued : null,
    attributedRevenue: roundMoney(aggregates.attributedRevenue),
    discountCost: roundMoney(aggregates.discountCost),
    controlGroup: aggregates.control,
    repeat: {
      windowDays: aggregates.windowDays,
      issued: group(aggregates.issuedMeasured, aggregates.issuedRepeated),
      control: group(aggregates.controlMeasured, aggregates.controlRepeated),
    },
    lift: estimateLift(
      { successes: aggregates.issuedRepeated, trials: aggregates.issuedMeasured },
      { successes: aggregates.controlRepeated, trials: aggregates.controlMeasured },
      confidence,
    ),
  };
}

function roundMoney(amount: number): number {
  return Math.round(amount * 100) / 100;
}
