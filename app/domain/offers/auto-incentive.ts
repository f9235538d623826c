import { estimateLift, type LiftEstimate } from "./lift";
import { DEFAULT_CONTROL_SHARE } from "./offer";

/**
 * "Auto" targeting: per P(repeat in 90 days) band, keep giving the code only where the offer's own history
 * shows that it pays.
 *
 * The comparison is intent-to-treat: everyone offered the code against everyone who was not, whether or not
 * they used it, so the randomisation stays intact. The discount is paid only on redeemed codes, hence per
 * customer offered the code: incremental profit = lift × mean repeat order value × gross margin
 *                                                  − redemption rate × mean discount.
 * The bounds of that profit come from Newcombe's interval for the lift (lift.ts); the order value, margin and
 * cost per customer are taken as known — their sampling error is small next to the lift's.
 *
 * A band switches state only on evidence: "withhold" when even the upper bound of the profit is below 0,
 * "give" when even the lower bound is above 0; in between it keeps its current state. That hysteresis stops
 * repeated looks at the data from flipping a band back and forth, and the holdout on both sides makes a
 * wrong state self-correcting: the other arm keeps being measured, so the interval keeps narrowing around
 * the truth. The adapter should pass a trailing window of matured decisions so the estimate stays current.
 */

export interface AutoBand {
  id: string;
  label: string;
  /** Inclusive. */
  min: number;
  /** Exclusive, except that the last band includes 1. */
  max: number;
}

/** Narrow where most one-order customers sit (low P(repeat)), wide above, so each band fills up in time. */
export const AUTO_BAND_EDGES = [0, 0.05, 0.1, 0.2, 0.35, 1] as const;

export const AUTO_BANDS: readonly AutoBand[] = AUTO_BAND_EDGES.slice(1).map((max, index) => {
  const min = AUTO_BAND_EDGES[index];
  const whole = (share: number) => Math.round(share * 100);
  return { id: `p${whole(min)}-${whole(max)}`, label: `${whole(min)}–${whole(max)} %`, min, max };
});

export function autoBandOf(pRepeat90: number): AutoBand {
  return AUTO_BANDS.find((band) => pRepeat90 < band.max) ?? AUTO_BANDS[AUTO_BANDS.length - 1];
}

export interface AutoArmHistory {
  /** Customers whose repeat window has closed. */
  customers: number;
  /** Of them, those who ordered again within the window. */
  repeated: number;
  /** Revenue of those repeat orders before any discount: what an extra repeat order is worth. */
  repeatRevenue: number;
}

export interface AutoBandHistory {
  bandId: string;
  /** Customers offered the code, with what their codes cost. */
  issued: AutoArmHistory & { redeemed: number; discountCost: number };
  /** Customers not offered the code: the control group and withheld customers alike (same hash split). */
  control: AutoArmHistory;
  /** The band's state before this decision; a band without one starts learning. */
  current?: AutoDecisionName;
}

export type AutoDecisionName = "give" | "withhold" | "learning";

export type AutoDecisionReason = "too_few_customers" | "pays" | "does_not_pay" | "inconclusive";

/** Shares of the band's customers, summing to 1; see autoIncentiveAssignment for how they are laid out. */
export interface AutoSplit {
  control: number;
  withhold: number;
  issue: number;
}

export interface AutoBandDecision {
  bandId: string;
  decision: AutoDecisionName;
  reasonCode: AutoDecisionReason;
  /** The decision and its grounds in one paragraph a merchant can read, numbers included. */
  reason: string;
  split: AutoSplit;
  /** One-sided confidence of each bound. */
  confidence: number;
  minCustomersPerArm: number;
  measured: { issued: number; control: number };
  lift: LiftEstimate | null;
  redemptionRate: number | null;
  costPerIssuedCustomer: number;
  meanRepeatOrderValue: number;
  /** The lift at which the code pays for itself; null while an extra repeat order is worth nothing measured. */
  breakEvenLift: number | null;
  /** Per customer offered the code; null while learning for lack of customers. */
  incrementalProfit: { estimate: number; lower: number; upper: number } | null;
}

export interface AutoIncentiveRules {
  /** Measured customers needed in each arm before any decision: at 100 a one-sided bound is still ±10 pp. */
  minCustomersPerArm: number;
  /** One-sided: withholding from customers on a 1-in-20 fluke is as bad as paying for nothing on one. */
  confidence: number;
  /** The merchant's gross margin share: an extra order earns this much of its revenue. */
  grossMargin: number;
  /** The offer's own control share, held out in every state. */
  controlShare: number;
  /** Equal groups measure a difference fastest (about 3× fewer orders than 9:1), so learning is short. */
  learningControlShare: number;
  /** Still offered the code in a withheld band, so a lift that appears later is noticed. */
  explorationShare: number;
}

export const AUTO_INCENTIVE_RULES: AutoIncentiveRules = {
  minCustomersPerArm: 100,
  confidence: 0.95,
  grossMargin: 0.5,
  controlShare: DEFAULT_CONTROL_SHARE,
  learningControlShare: 0.5,
  explorationShare: 0.1,
};

export function decideAutoIncentive(bands: readonly AutoBandHistory[], rules: Partial<AutoIncentiveRules> = {}): AutoBandDecision[] {
  return bands.map((band) => decideAutoBand(band, rules));
}

export function decideAutoBand(history: AutoBandHistory, overrides: Partial<AutoIncentiveRules> = {}): AutoBandDecision {
  const rules = checkedRules({ ...AUTO_INCENTIVE_RULES, ...overrides });
  const { issued, control } = history;
  const repeats = issued.repeated + control.repeated;
  const meanRepeatOrderValue = repeats > 0 ? (issued.repeatRevenue + control.repeatRevenue) / repeats : 0;
  const valuePerExtraRepeat = meanRepeatOrderValue * rules.grossMargin;
  const costPerIssuedCustomer = issued.customers > 0 ? issued.discountCost / issued.customers : 0;
  const base = {
    bandId: history.bandId,
    confidence: rules.confidence,
    minCustomersPerArm: rules.minCustomersPerArm,
    measured: { issued: issued.customers, control: control.customers },
    redemptionRate: issued.customers > 0 ? issued.redeemed / issued.customers : null,
    costPerIssuedCustomer,
    meanRepeatOrderValue,
    breakEvenLift: valuePerExtraRepeat > 0 ? costPerIssuedCustomer / valuePerExtraRepeat : null,
  };
  // Each end of the two-sided interval at 2c − 1 is a one-sided bound at c.
  const lift = estimateLift({ successes: issued.repeated, trials: issued.customers }, { successes: control.repeated, trials: control.customers }, 2 * rules.confidence - 1);
  if (!lift || issued.customers < rules.minCustomersPerArm || control.customers < rules.minCustomersPerArm) {
    const decided = { ...base, decision: "learning" as const, reasonCode: "too_few_customers" as const, lift, incrementalProfit: null };
    return { ...decided, split: splitFor("learning", rules), reason: explain(decided, rules) };
  }
  const profitAt = (difference: number) => difference * valuePerExtraRepeat - costPerIssuedCustomer;
  const incrementalProfit = { estimate: profitAt(lift.difference), lower: profitAt(lift.interval.lower), upper: profitAt(lift.interval.upper) };
  const [decision, reasonCode]: [AutoDecisionName, AutoDecisionReason] =
    incrementalProfit.upper < 0 ? ["withhold", "does_not_pay"] : incrementalProfit.lower > 0 ? ["give", "pays"] : [history.current ?? "learning", "inconclusive"];
  const decided = { ...base, decision, reasonCode, lift, incrementalProfit };
  return { ...decided, split: splitFor(decision, rules), reason: explain(decided, rules) };
}

export type AutoAssignment = "issue" | "control" | "withhold";

/**
 * `uniform` is the customer's assignmentBucket (control-group.ts). Control takes the bottom of [0, 1) and
 * issue the top in every state, so the control group is never offered the code and the exploration slice of
 * a withheld band is made of customers who were offered it while the band was given.
 */
export function autoIncentiveAssignment(decision: { split: AutoSplit }, uniform: number): AutoAssignment {
  if (uniform < decision.split.control) return "control";
  if (uniform >= 1 - decision.split.issue) return "issue";
  return "withhold";
}

function splitFor(decision: AutoDecisionName, rules: AutoIncentiveRules): AutoSplit {
  if (decision === "withhold") {
    return { control: rules.controlShare, withhold: 1 - rules.controlShare - rules.explorationShare, issue: rules.explorationShare };
  }
  const control = decision === "learning" ? Math.max(rules.controlShare, rules.learningControlShare) : rules.controlShare;
  return { control, withhold: 0, issue: 1 - control };
}

function checkedRules(rules: AutoIncentiveRules): AutoIncentiveRules {
  const share = (value: number) => value >= 0 && value < 1;
  if (!(rules.confidence > 0.5 && rules.confidence < 1)) throw new RangeError("confidence must be in (0.5, 1)");
  if (!(rules.grossMargin > 0 && rules.grossMargin <= 1)) throw new RangeError("grossMargin must be in (0, 1]");
  if (!(rules.minCustomersPerArm >= 1)) throw new RangeError("minCustomersPerArm must be at least 1");
  if (!share(rules.controlShare) || !share(rules.learningControlShare) || !share(rules.explorationShare)) {
    throw new RangeError("controlShare, learningControlShare and explorationShare must be in [0, 1)");
  }
  if (!(rules.controlShare + rules.explorationShare < 1)) throw new RangeError("controlShare + explorationShare must be below 1");
  return rules;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const points = (difference: number) => `${difference >= 0 ? "+" : "−"}${Math.abs(difference * 100).toFixed(1)} pp`;
const money = (amount: number) => amount.toFixed(2);

const HEADLINES: Record<AutoDecisionName, string> = { give: "Give the code", withhold: "Withhold the code", learning: "Learning" };

function explain(decided: Omit<AutoBandDecision, "reason" | "split">, rules: AutoIncentiveRules): string {
  const { measured, lift, incrementalProfit } = decided;
  const headline = `${HEADLINES[decided.decision]}.`;
  if (!lift || !incrementalProfit) {
    return `${headline} ${measured.issued} customers with the code and ${measured.control} without have been measured; ${rules.minCustomersPerArm} of each are needed to decide. Until then ${percent(Math.max(rules.controlShare, rules.learningControlShare))} of the band does not get the code, to measure faster.`;
  }
  const measurement =
    `Customers offered the code came back ${percent(lift.issuedRate)} of the time, those without it ${percent(lift.controlRate)}: ` +
    `${points(lift.difference)} (at ${Math.round(rules.confidence * 100)} % confidence at least ${points(lift.interval.lower)} and at most ${points(lift.interval.upper)}; ` +
    `${measured.issued} vs ${measured.control} customers). The code costs ${money(decided.costPerIssuedCustomer)} per customer offered it ` +
    `(${percent(decided.redemptionRate ?? 0)} redeemed).`;
  const breakEven =
    decided.breakEvenLift === null
      ? "No repeat order value is measured yet, so extra repeat orders count as worth nothing."
      : `An extra repeat order earns ${money(decided.meanRepeatOrderValue * rules.grossMargin)} (${percent(rules.grossMargin)} margin on ${money(decided.meanRepeatOrderValue)}), so the code pays from ${points(decided.breakEvenLift)}.`;
  const conclusion: Record<AutoDecisionReason, string> = {
    pays: `Even the low end of the lift pays; ${percent(rules.controlShare)} are still held out to keep the estimate current.`,
    does_not_pay: `Even the high end of the lift does not pay for the discount; ${percent(rules.explorationShare)} of the band still gets the code to keep the estimate current.`,
    inconclusive: "The range still includes the break-even, so the band keeps its current state until the data settles it.",
    too_few_customers: "",
  };
  return `${headline} ${measurement} ${breakEven} ${conclusion[decided.reasonCode]}`;
}
