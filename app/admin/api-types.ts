/** Response shapes of the admin's API endpoints (the server is the source of truth; these mirror its JSON). */
export interface MetricValue {
  id: string;
  unit: "rate" | "count" | "money";
  lowerIsBetter: boolean;
  current: number;
  previous: number | null;
  change: number | null;
  relativeChange: number | null;
}

export interface SegmentSize {
  segment: string;
  customers: number;
  revenue: number;
  share: number;
  revenueShare: number;
}

export interface DashboardResponse {
  shop: string;
  currency: string;
  period: number;
  hasHistory: boolean;
  scoredCustomers: number;
  metrics: MetricValue[];
  /** To date, whatever the period (app/domain/metrics/overview.ts). */
  totals: {
    customers: number;
    orders: number;
    revenue: number;
    repeatCustomerRate: number;
    averageOrdersPerCustomer: number;
    averageOrderValue: number;
    customerLifetimeValue: number;
  };
  cohorts: { cohort: string; size: number; retention: (number | null)[] }[];
  repeatDistribution: { from: number; to: number; customers: number; share: number }[];
  segments: { rfm: SegmentSize[]; ladder: SegmentSize[] };
}

export interface CustomerListItem {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  orderCount: number;
  lastOrderAt: string;
  pRepeat90: number;
  predictedClv365: number;
  totalSpent: number;
  expectedNextOrderAt: string | null;
  rfmSegment: string;
  loyaltySegment: string;
}

export interface CustomerListResponse {
  currency: string;
  customers: CustomerListItem[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface CustomerDetailResponse {
  currency: string;
  customer: {
    id: string;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    city: string | null;
    countryCode: string | null;
    redacted: boolean;
    shopifyAdminUrl: string | null;
  };
  score: {
    model: string;
    confidence: string;
    scoredAt: string;
    orderCount: number;
    lastOrderAt: string;
    totalSpent: number;
    averageOrderValue: number;
    pAlive: number;
    pRepeat90: number;
    expectedOrders365: number;
    expectedNextOrderAt: string | null;
    predictedClv365: number;
    rfmSegment: string;
    loyaltySegment: string;
    explanation: { text: string; percentText: string; pAliveText: string; status: "active" | "at_risk" | "likely_lost" };
    profile: { historicClv: number; predictedClv365: number; totalClv: number; averageOrderValue: number; averageDaysBetweenOrders: number | null };
  } | null;
  history: { scoredAt: string; model: string; pAlive: number; pRepeat90: number; predictedClv365: number; rfmSegment: string }[];
  orders: { id: string; name: string | null; placedAt: string; totalPrice: number; discountCodes: string[]; cancelled: boolean }[];
  coupons: {
    issued: number;
    redeemed: number;
    items: { code: string | null; offerName: string | null; decidedAt: string; expiresAt: string | null; redeemedAt: string | null; state: string }[];
  };
}

export interface OfferTargeting {
  minPRepeat90?: number;
  maxPRepeat90?: number;
  includeSegments?: string[];
  excludeSegments?: string[];
}

export type OfferKind = "next_purchase" | "win_back" | "birthday";
export type TargetingMode = "manual" | "auto";

/** A date range that repeats every year: "MM-DD" at both ends, inclusive; `to` before `from` wraps the year end. */
export interface SeasonalWindow {
  from: string;
  to: string;
}

export interface Offer {
  id: string;
  name: string;
  status: "draft" | "active" | "paused";
  discountType: "percentage" | "fixed_amount";
  discountValue: number;
  minimumSubtotal: number | null;
  validityDays: number;
  targeting: OfferTargeting;
  orderScope: "first_order" | "any_order";
  controlShare: number;
  startsAt: string | null;
  endsAt: string | null;
  priority: number;
  kind: OfferKind;
  /** Birthday offers: days before the birthday the code is issued; null for the other kinds. */
  leadDays: number | null;
  /** [] = all year. */
  seasonalWindows: SeasonalWindow[];
  targetingMode: TargetingMode;
  createdAt: string;
}

export interface OfferPreview {
  currency: string;
  reach: number;
  issued: number;
  expectedRedemptions: number;
  discountPerRedemption: number;
  expectedCost: number;
  /** Days after issue the redemptions and cost are expected in (the validity, at most 90). */
  windowDays: number;
}

export interface OfferVerdict {
  verdict: "pays" | "does_not_pay_yet" | "not_enough_data";
  reason: "too_few_measured" | "no_significant_lift" | "cost_exceeds_gain" | "gain_covers_cost";
  minMeasuredPerGroup: number;
  measured: { issued: number; control: number };
  incrementalRevenuePerCode: number | null;
  costPerCode: number | null;
}

export interface OfferPerformance {
  currency: string;
  offerId: string;
  issued: number;
  redeemed: number;
  redemptionRate: number | null;
  attributedRevenue: number;
  discountCost: number;
  controlGroup: number;
  repeat: {
    windowDays: number;
    issued: { customers: number; repeated: number; rate: number | null };
    control: { customers: number; repeated: number; rate: number | null };
  };
  lift: { difference: number; interval: { lower: number; upper: number }; significant: boolean } | null;
  verdict: OfferVerdict;
}

/** GET /api/offers/performance: every offer's results, for the offers list. */
export interface OffersPerformanceResponse {
  currency: string;
  offers: (Omit<OfferPerformance, "currency"> & { kind: OfferKind })[];
}

/** One P(repeat in 90 days) band of GET /api/offers/:id/auto-bands (app/domain/offers/auto-incentive.ts). */
export interface AutoBand {
  bandId: string;
  /** "0–5 %" */
  label: string;
  min: number;
  max: number;
  decision: "give" | "withhold" | "learning";
  reasonCode: "too_few_customers" | "pays" | "does_not_pay" | "inconclusive";
  /** The engine's own paragraph: the decision and its grounds, numbers included. */
  reason: string;
  split: { control: number; withhold: number; issue: number };
  confidence: number;
  minCustomersPerArm: number;
  measured: { issued: number; control: number };
  lift: { issuedRate: number; controlRate: number; difference: number; interval: { lower: number; upper: number } } | null;
  redemptionRate: number | null;
  costPerCustomer: number;
  meanRepeatOrderValue: number;
  breakEvenLift: number | null;
  /** Per customer offered the code; null while learning for lack of customers. */
  incrementalProfit: { estimate: number; lower: number; upper: number } | null;
}

export interface AutoBandsResponse {
  offerId: string;
  targetingMode: TargetingMode;
  currency: string;
  windowDays: number;
  trailingDays: number;
  bands: AutoBand[];
}

export type SurveyLocale = "en" | "ru" | "kk" | "et" | "sl" | "fa";

export interface SurveyText {
  question: string;
  options: string[];
}

export interface SurveySettings extends SurveyText {
  enabled: boolean;
  /** The question and answers in the shoppers' other languages, index-aligned with `options`. */
  translations: Partial<Record<Exclude<SurveyLocale, "en">, SurveyText>>;
}

export interface SurveyAnswerGroup {
  responses: number;
  /** Index-aligned with SurveyResults.answers. */
  counts: number[];
  shares: number[];
}

/** GET /api/settings/survey/results */
export interface SurveyResults {
  question: string;
  responses: number;
  answers: { answer: string; count: number; share: number }[];
  months: (SurveyAnswerGroup & { month: string })[];
  segments: { ladder: (SurveyAnswerGroup & { segment: string })[]; rfm: (SurveyAnswerGroup & { segment: string })[] };
}

export interface RunRecord {
  id: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface ModelResponse {
  currency: string;
  model: {
    selected: string;
    reason: string | null;
    timeUnit: string;
    confidence: string;
    customers: number;
    repeatCustomers: number;
    observationEnd: string;
    fittedAt: string;
    parameters: { transactions: Record<string, number> | null; spend: Record<string, number> | null; shopMeanOrderValue: number | null };
    fit: { converged: boolean | null; logLikelihood: number | null } | null;
    /** How many of the shop's customers the parameters were fitted on (a sample in large shops); null: all. */
    fittedOn: { customers: number; of: number } | null;
  } | null;
  backtests: {
    model: string;
    holdoutLength: number | null;
    totals: { predicted: number; actual: number } | null;
    weekly: { week: number; predictedCumulative: number; actualCumulative: number }[];
    byFrequency: { x: string; customers: number; predictedMean: number; actualMean: number }[];
    correlation: number | null;
  }[];
  sufficiency: { nextLevel: "medium" | "high" | null; missing: { customers: number; repeatCustomers: number }; progressToHigh: number } | null;
  lastScoring: RunRecord | null;
  scoringInProgress: boolean;
  lastSync: RunRecord | null;
}

export interface ScoringRunStatus {
  running: boolean;
  progress: { phase: string; done: number; total: number } | null;
  run: RunRecord | null;
}

export interface SyncStatusResponse {
  runs: {
    resource: string;
    status: string;
    linesRead: number;
    totalLines: number | null;
    percent: number | null;
    error: string | null;
    startedAt: string;
    finishedAt: string | null;
  }[];
}

export interface PrivacyRequestsResponse {
  requests: { id: string; kind: string; status: string; receivedAt: string; completedAt: string | null }[];
}

export interface UsageResponse {
  shop: string;
  plan: string | null;
  installedAt: string;
  usage: { customers: number; scoredCustomers: number; orders: number; activeOffers: number; couponsIssued30d: number };
  storefront: { embedHandle: string; activationUrl: string; status: "unverified" };
}
