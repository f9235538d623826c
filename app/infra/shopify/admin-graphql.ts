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
}

export interface AdminOperation {
  /** The GraphQL operation name, e.g. "DiscountCodeBasicCreate" (also used by recorded fixtures). */
  name: string;
  query: string;
  /** Where the mutation's userErrors list sits in `data`, if it has one. */
  userErrorsPath?: string[];
}

/** Resolves the Admin API client of an installed shop (its offline session). */
export type AdminClientFactory = (shopDomain: string) => Promise<AdminGraphqlClient>;
