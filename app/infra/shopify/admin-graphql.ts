import type { QueryCost } from "../../domain/sync/throttle-backoff";

/**
 * The one way Encore talks to a shop's Admin GraphQL API. Production: the official client of
 * @shopify/shopify-api (with throttling backoff, capped network retries and userErrors checks, see issue 4).
 * Demo mode and tests: an implementation answering from local data / recorded responses.
 */
export interface AdminGraphqlClient {
  /**
   * Runs one named operation. Resolves with `data`; GraphQL errors, exhausted retries and non-empty
   * `userErrors` (at `userErrorsPath`, e.g. ["discountCodeBasicCreate", "userErrors"]) reject with an AppError.
   */
  request<T>(operation: AdminOperation, variables?: Record<string, unknown>): Promise<T>;
  /**
   * Like `request`, and also reports what the call cost (`extensions.cost`) and how long the client waited for
   * the cost bucket, so long-running writers can pace themselves. Optional: clients that cannot tell (simple
   * fakes) leave it out, and callers fall back to `request`.
   */
  requestWithCost?<T>(operation: AdminOperation, variables?: Record<string, unknown>): Promise<AdminResponse<T>>;
}

export interface AdminResponse<T> {
  data: T;
  /** The successful response's `extensions.cost` (null when the server sent none). */
  cost: QueryCost | null;
  /** Time spent waiting before retries after THROTTLED errors or HTTP 429. */
  throttledMs: number;
  /** Requests sent, the successful one included. */
  attempts: number;
}

export type { QueryCost };

export interface AdminOperation {
  /** The GraphQL operation name, e.g. "DiscountCodeBasicCreate" (also used by recorded fixtures). */
  name: string;
  query: string;
  /** Where the mutation's userErrors list sits in `data`, if it has one. */
  userErrorsPath?: string[];
}

/** Resolves the Admin API client of an installed shop (its offline session). */
export type AdminClientFactory = (shopDomain: string) => Promise<AdminGraphqlClient>;
