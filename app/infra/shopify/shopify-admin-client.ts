import {
  GraphqlQueryError,
  HttpInternalError,
  HttpMaxRetriesError,
  HttpRequestError,
  HttpThrottlingError,
  type Session,
  type Shopify,
} from "@shopify/shopify-api";
import { DEFAULT_RETRY_POLICY, networkDelayMs, throttleDelayMs, type QueryCost, type RetryPolicy } from "../../domain/sync/throttle-backoff";
import { AppError } from "../../server/errors";
import type { AdminClientFactory, AdminGraphqlClient, AdminOperation, AdminResponse } from "./admin-graphql";

export interface ShopifyAdminClientOptions {
  policy?: RetryPolicy;
  /** Injected in tests so backoff is asserted without waiting. */
  sleep?: (ms: number) => Promise<void>;
  logger?: { warn(context: object, message: string): void };
}

interface GraphqlErrorBody {
  errors?: { graphQLErrors?: { message?: string; extensions?: { code?: string } }[] };
  extensions?: { cost?: QueryCost };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * AdminGraphqlClient over the official client (`shopify.clients.Graphql`). The library's own retries only
 * cover HTTP 429/503 with a fixed wait and cannot see a THROTTLED GraphQL error (which arrives as HTTP 200), so
 * they are off (`retries: 0`) and this wrapper decides: THROTTLED waits for the cost bucket to refill at the
 * reported restore rate, network failures and 5xx back off exponentially, both within `maxAttempts`; other
 * GraphQL errors and non-empty `userErrors` become AppErrors at once. `requestWithCost` also returns the
 * response's `extensions.cost` and the time spent waiting for the bucket (for writers that pace themselves).
 */
export function createShopifyAdminClient(api: Shopify, session: Session, options: ShopifyAdminClientOptions = {}): AdminGraphqlClient {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? defaultSleep;
  const client = new api.clients.Graphql({ session });
  const adminClient: AdminGraphqlClient & Required<Pick<AdminGraphqlClient, "requestWithCost">> = {
    async request<T>(operation: AdminOperation, variables?: Record<string, unknown>): Promise<T> {
      return (await adminClient.requestWithCost<T>(operation, variables)).data;
    },
    async requestWithCost<T>(operation: AdminOperation, variables?: Record<string, unknown>): Promise<AdminResponse<T>> {
      let lastProblem = "";
      let throttledMs = 0;
      for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
        let waitMs: number;
        try {
          const response = await client.request(operation.query, { variables, retries: 0 });
          const data = response.data as T;
          throwOnUserErrors(operation, data);
          const cost = (response.extensions as { cost?: QueryCost } | undefined)?.cost ?? null;
          return { data, cost, throttledMs, attempts: attempt };
        } catch (error) {
          if (error instanceof AppError) throw error;
          if (error instanceof GraphqlQueryError) {
            const body = error.body as GraphqlErrorBody | undefined;
            const errors = body?.errors?.graphQLErrors ?? [];
            if (!errors.some((problem) => problem.extensions?.code === "THROTTLED")) {
              const messages = errors.map((problem) => problem.message).filter(Boolean).join("; ");
              throw new AppError("INTERNAL", `Admin API ${operation.name} failed: ${messages || error.message}`, { cause: error });
            }
            waitMs = throttleDelayMs(body?.extensions?.cost, attempt, policy);
            lastProblem = "throttled";
          } else if (error instanceof HttpThrottlingError) {
            const retryAfter = error.response.retryAfter;
            waitMs = retryAfter ? Math.min(retryAfter * 1000, policy.maxDelayMs) : networkDelayMs(attempt, policy);
            lastProblem = "HTTP 429";
          } else if (error instanceof HttpRequestError || error instanceof HttpInternalError || error instanceof HttpMaxRetriesError) {
            waitMs = networkDelayMs(attempt, policy);
            lastProblem = error instanceof HttpInternalError ? `HTTP ${error.response.code}` : "network error";
          } else if (error instanceof Error && "response" in error) {
            const code = (error as { response?: { code?: number } }).response?.code;
            throw new AppError("SHOPIFY_UNAVAILABLE", `Admin API ${operation.name} answered HTTP ${code ?? "error"}`, { cause: error });
          } else {
            throw error;
          }
        }
        if (attempt === policy.maxAttempts) break;
        options.logger?.warn({ shop: session.shop, operation: operation.name, attempt, waitMs, reason: lastProblem }, "Admin API retry");
        await sleep(waitMs);
        if (lastProblem === "throttled" || lastProblem === "HTTP 429") throttledMs += waitMs;
      }
      throw new AppError("SHOPIFY_UNAVAILABLE", `Admin API ${operation.name} gave up after ${policy.maxAttempts} attempts (${lastProblem})`);
    },
  };
  return adminClient;
}

function throwOnUserErrors(operation: AdminOperation, data: unknown): void {
  if (!operation.userErrorsPath) return;
  let node: unknown = data;
  for (const key of operation.userErrorsPath) node = (node as Record<string, unknown> | null | undefined)?.[key];
  const userErrors = (node ?? []) as { field?: string[] | null; message: string }[];
  if (userErrors.length === 0) return;
  throw new AppError("SHOPIFY_USER_ERROR", `${operation.name}: ${userErrors.map((problem) => problem.message).join("; ")}`, {
    fields: userErrors.map((problem) => ({ field: problem.field?.join(".") ?? operation.name, message: problem.message })),
  });
}

/** Admin clients of installed shops, from their offline sessions. */
export function createAdminClientFactory(
  api: Shopify,
  sessions: { loadSession(id: string): Promise<Session | undefined> },
  options: ShopifyAdminClientOptions = {},
): AdminClientFactory {
  return async (shopDomain) => {
    const session = await sessions.loadSession(api.session.getOfflineId(shopDomain));
    if (!session?.accessToken) throw new AppError("NOT_FOUND", `No offline session for ${shopDomain}; the app is not installed`);
    return createShopifyAdminClient(api, session, options);
  };
}
