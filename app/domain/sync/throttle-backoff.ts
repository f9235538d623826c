/**
 * Admin GraphQL rate limiting: a leaky bucket of cost points. Every response reports
 * `extensions.cost.throttleStatus` ({ maximumAvailable, currentlyAvailable, restoreRate } points/s); a THROTTLED
 * error means the query's requested cost exceeds what is available. See https://shopify.dev/docs/api/usage/limits.
 */

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost?: number | null;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus | null;
}

export interface RetryPolicy {
  /** Attempts in total, first included. Bounded: no request is retried forever. */
  maxAttempts: number;
  /** Network backoff: base · 2^(attempt-1), capped. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * How long to wait before retrying a THROTTLED query: until the bucket has restored the points the query asked
 * for, at the reported restore rate. Without a cost report, fall back to the network backoff.
 */
export function throttleDelayMs(cost: QueryCost | null | undefined, attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const status = cost?.throttleStatus;
  if (!status || !(status.restoreRate > 0)) return networkDelayMs(attempt, policy);
  const needed = Math.min(cost?.requestedQueryCost ?? status.maximumAvailable, status.maximumAvailable);
  const missing = Math.max(0, needed - status.currentlyAvailable);
  // At least one restore tick, so a query that is borderline does not spin.
  const ms = Math.ceil((Math.max(missing, 1) / status.restoreRate) * 1000);
  return Math.min(ms, policy.maxDelayMs);
}

export function networkDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  return Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempt - 1), policy.maxDelayMs);
}

