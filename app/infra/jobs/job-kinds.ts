import type { Queue } from "pg-boss";

export const JOB_TYPES = {
  backfill: "backfill",
  rescoreCustomer: "rescore-customer",
  orderOffers: "order-offers",
  shopRedact: "shop-redact",
  scoreShop: "score-shop",
  pruneOperationalRows: "prune-operational-rows",
  scheduleRescoring: "schedule-rescoring",
  checkStaleSyncs: "check-stale-syncs",
  activateShop: "activate-shop",
  customerOffer: "customer-offer",
  sendFlowTriggers: "send-flow-triggers",
  dailyBirthdays: "daily-birthdays",
  sweepFlowTriggers: "sweep-flow-triggers",
  refreshBoughtTogether: "refresh-bought-together",
  webhookDelivery: "webhook-delivery",
} as const;

export type JobType = (typeof JOB_TYPES)[keyof typeof JOB_TYPES];

/** Failed jobs (retries spent) are copied here, listed in Settings and redriven from there. */
export const DEAD_LETTER_QUEUE = "encore-dead-letter";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Each kind's queue, sized to the work. `stately` keeps at most one queued and one running job per
 * singleton key (the dedupe key): a redelivered webhook is a no-op while its job waits, and a change that
 * arrives while the job runs gets exactly one follow-up run. Long kinds send a heartbeat: a live worker
 * keeps its claim however long the job runs (a 1M-customer scoring run is never taken twice), and a dead
 * one loses it after `heartbeatSeconds`, so another worker finishes the job (after the first retry delay:
 * 10 s for the long kinds, so a crashed worker's run resumes within a minute).
 */
export const JOB_KIND_QUEUES: Record<JobType, Omit<Queue, "name">> = {
  [JOB_TYPES.backfill]: { ...long(6 * HOUR), retryLimit: 5, retryDelay: 10, policy: "stately" },
  [JOB_TYPES.scoreShop]: { ...long(2 * HOUR), retryLimit: 3, retryDelay: 10, policy: "stately" },
  // Its record names the erased shop: pg-boss deletes it an hour after it finished (not the usual week).
  [JOB_TYPES.shopRedact]: { ...long(HOUR), retryLimit: 10, retryDelay: MINUTE, policy: "stately", deleteAfterSeconds: HOUR },
  [JOB_TYPES.rescoreCustomer]: { expireInSeconds: 5 * MINUTE, retryLimit: 5, retryDelay: 2, policy: "stately" },
  [JOB_TYPES.orderOffers]: { expireInSeconds: 5 * MINUTE, retryLimit: 8, retryDelay: 2, policy: "stately" },
  [JOB_TYPES.pruneOperationalRows]: { ...long(HOUR), retryLimit: 2, retryDelay: 5 * MINUTE, policy: "stately" },
  [JOB_TYPES.scheduleRescoring]: { expireInSeconds: 10 * MINUTE, retryLimit: 2, retryDelay: MINUTE, policy: "stately" },
  [JOB_TYPES.checkStaleSyncs]: { expireInSeconds: 10 * MINUTE, retryLimit: 1, retryDelay: MINUTE, policy: "stately" },
  // After each scoring run: transitions, then a metafield sync paced to the shop's API budget (a first sync of
  // a 1M-customer shop takes hours at 100 points/s), so it is long and heartbeats.
  [JOB_TYPES.activateShop]: { ...long(12 * HOUR), retryLimit: 3, retryDelay: MINUTE, policy: "stately" },
  [JOB_TYPES.customerOffer]: { expireInSeconds: 5 * MINUTE, retryLimit: 5, retryDelay: 10, policy: "stately" },
  // One sender per shop (the outbox rows are claimed with SKIP LOCKED anyway); a run sends at most 1,000.
  [JOB_TYPES.sendFlowTriggers]: { expireInSeconds: 15 * MINUTE, retryLimit: 3, retryDelay: 30, policy: "stately" },
  [JOB_TYPES.dailyBirthdays]: { ...long(HOUR), retryLimit: 2, retryDelay: 5 * MINUTE, policy: "stately" },
  [JOB_TYPES.sweepFlowTriggers]: { expireInSeconds: 10 * MINUTE, retryLimit: 1, retryDelay: MINUTE, policy: "stately" },
  // Cross-sell pairs, recomputed from the shop's orders after each scoring run (one aggregate: minutes at most).
  [JOB_TYPES.refreshBoughtTogether]: { expireInSeconds: 30 * MINUTE, retryLimit: 3, retryDelay: MINUTE, policy: "stately" },
  // A verified webhook, stored at ingest and processed by workers. No dedupe key: the WebhookDelivery row,
  // written in the processing transaction, makes a redelivery a no-op. Its payload is the raw topic payload
  // (customer PII): a processed job deletes itself in its own transaction, customers/redact removes the
  // shop's jobs naming the customer, and failed ones go after a day (not the usual week).
  // `notify`: producers pg_notify on insert, so a LISTENing worker (PostgreSQL) starts at once.
  [JOB_TYPES.webhookDelivery]: { expireInSeconds: 5 * MINUTE, retryLimit: 8, retryDelay: 2, policy: "standard", deleteAfterSeconds: DAY, notify: true },
};

function long(expireInSeconds: number): Pick<Queue, "expireInSeconds" | "heartbeatSeconds"> {
  return { expireInSeconds, heartbeatSeconds: 30 };
}

/** Shared by every kind: exponential backoff (capped), a week of finished jobs, a month of dead letters. */
export const JOB_QUEUE_DEFAULTS: Omit<Queue, "name"> = {
  retryBackoff: true,
  retryDelayMax: 10 * MINUTE,
  deleteAfterSeconds: 7 * DAY,
  retentionSeconds: 14 * DAY,
  deadLetter: DEAD_LETTER_QUEUE,
};

export const DEAD_LETTER_QUEUE_OPTIONS: Omit<Queue, "name"> = { deleteAfterSeconds: 30 * DAY, retentionSeconds: 30 * DAY };
