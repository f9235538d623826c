import {
  ENCORE_METAFIELD_NAMESPACE,
  type CustomerMetafieldKey,
  type MetafieldWrite,
  type OwnedMetafield,
} from "../../domain/activation/customer-metafields";
import type { QueryCost, ThrottleStatus } from "../../domain/sync/throttle-backoff";
import { AppError } from "../../server/errors";
import type { AdminGraphqlClient, AdminOperation, AdminResponse } from "../shopify/admin-graphql";
import {
  CUSTOMER_METAFIELDS_DELETE,
  CUSTOMER_METAFIELDS_SET,
  userErrorElement,
  type MetafieldsDeleteResponse,
  type MetafieldsSetResponse,
} from "../shopify/metafield-operations";

export interface MetafieldWriterOptions {
  admin: AdminGraphqlClient;
  /** Waits for the bucket; injected by tests and the benchmark (virtual time). */
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds, for estimating how much the bucket refilled since the last call. */
  clock?: () => number;
  /**
   * Share of the bucket left untouched for the app's other calls in the shop (coupons on the thank-you page,
   * sign-ups): a sync only spends what is above it, so it never makes an interactive call wait.
   */
  reserveShare?: number;
  logger?: { warn(context: object, message: string): void };
}

export interface MetafieldWriterStats {
  calls: number;
  /** Sum of actualQueryCost (requested cost when a response carried no actual cost). */
  costPoints: number;
  /** Waiting for the bucket: our own pacing plus the client's THROTTLED retries. */
  throttledMs: number;
}

export interface WriteOutcome<T> {
  accepted: OwnedMetafield<T>[];
  /** Owners Shopify refused (e.g. deleted there), with the first reason; their metafields were not written. */
  rejected: Map<string, string>;
}

/** metafieldsSet/metafieldsDelete cost 10 points each (mutations' default cost) until a response says otherwise. */
const DEFAULT_MUTATION_COST = 10;
const DEFAULT_RESERVE_SHARE = 0.2;
/** A call is resent without the refused owners at most this often before its remaining elements are given up. */
const MAX_ROUNDS_PER_CALL = 3;

/**
 * Sends batches of Encore's customer metafields (≤ 25 per call) at the pace of the shop's cost bucket. After
 * every call it knows how full the bucket is (`throttleStatus`); before the next it waits, if needed, until the
 * bucket holds the call's cost above the reserve, so a long sync runs at the restore rate instead of draining
 * the bucket and living on THROTTLED retries. metafieldsSet is atomic: when some elements fail (an owner
 * deleted in Shopify), nothing is written; the writer drops those owners' elements and resends the rest, and
 * remembers the owners so later calls skip them. A userError naming no element means the call itself is wrong
 * (e.g. a missing definition): that is not one owner's problem, so it stops the sync.
 */
export class MetafieldWriter {
  readonly stats: MetafieldWriterStats = { calls: 0, costPoints: 0, throttledMs: 0 };
  private readonly refused = new Map<string, string>();
  private bucket: { status: ThrottleStatus; at: number } | null = null;
  private lastCost = DEFAULT_MUTATION_COST;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => number;

  constructor(private readonly options: MetafieldWriterOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Owners refused so far in this run. */
  get refusedOwners(): ReadonlyMap<string, string> {
    return this.refused;
  }

  async set(batch: OwnedMetafield<MetafieldWrite>[]): Promise<WriteOutcome<MetafieldWrite>> {
    return this.send(batch, CUSTOMER_METAFIELDS_SET, (elements) => ({
      metafields: elements.map(({ ownerId, item }) => ({ ownerId, namespace: ENCORE_METAFIELD_NAMESPACE, key: item.key, type: item.type, value: item.value })),
    }), (data: MetafieldsSetResponse) => data.metafieldsSet?.userErrors ?? []);
  }

  async remove(batch: OwnedMetafield<CustomerMetafieldKey>[]): Promise<WriteOutcome<CustomerMetafieldKey>> {
    // A metafield that is already gone comes back as null in deletedMetafields: gone either way.
    return this.send(batch, CUSTOMER_METAFIELDS_DELETE, (elements) => ({
      metafields: elements.map(({ ownerId, item }) => ({ ownerId, namespace: ENCORE_METAFIELD_NAMESPACE, key: item })),
    }), (data: MetafieldsDeleteResponse) => data.metafieldsDelete?.userErrors ?? []);
  }

  private async send<T, R>(
    batch: OwnedMetafield<T>[],
    operation: AdminOperation,
    variables: (elements: OwnedMetafield<T>[]) => Record<string, unknown>,
    userErrors: (data: R) => { field: string[] | null; message: string; elementIndex?: number | null }[],
  ): Promise<WriteOutcome<T>> {
    const rejected = new Map<string, string>();
    let elements = batch.filter(({ ownerId }) => {
      const reason = this.refused.get(ownerId);
      if (reason !== undefined) rejected.set(ownerId, reason);
      return reason === undefined;
    });
    for (let round = 1; elements.length > 0; round++) {
      if (round > MAX_ROUNDS_PER_CALL) {
        for (const { ownerId } of elements) rejected.set(ownerId, "not written: too many refused owners in one call");
        return { accepted: [], rejected };
      }
      const errors = userErrors(await this.call<R>(operation, variables(elements)));
      if (errors.length === 0) return { accepted: elements, rejected };
      const refusedNow = new Set<string>();
      for (const error of errors) {
        const index = userErrorElement(error);
        if (index === null || index >= elements.length) {
          throw new AppError("SHOPIFY_USER_ERROR", `${operation.name}: ${errors.map((problem) => problem.message).join("; ")}`, {
            fields: errors.map((problem) => ({ field: (problem.field ?? [operation.name]).join("."), message: problem.message })),
          });
        }
        const ownerId = elements[index].ownerId;
        refusedNow.add(ownerId);
        if (!this.refused.has(ownerId)) this.refused.set(ownerId, error.message);
        if (!rejected.has(ownerId)) rejected.set(ownerId, error.message);
      }
      this.options.logger?.warn({ operation: operation.name, refusedOwners: refusedNow.size, round }, "Admin API refused some owners; resending the rest");
      elements = elements.filter(({ ownerId }) => !refusedNow.has(ownerId));
    }
    return { accepted: [], rejected };
  }

  private async call<R>(operation: AdminOperation, variables: Record<string, unknown>): Promise<R> {
    await this.pace();
    let response: AdminResponse<R>;
    if (this.options.admin.requestWithCost) {
      response = await this.options.admin.requestWithCost<R>(operation, variables);
    } else {
      response = { data: await this.options.admin.request<R>(operation, variables), cost: null, throttledMs: 0, attempts: 1 };
    }
    this.stats.calls += response.attempts;
    this.stats.throttledMs += response.throttledMs;
    this.observe(response.cost);
    return response.data;
  }

  private observe(cost: QueryCost | null): void {
    const spent = cost?.actualQueryCost ?? cost?.requestedQueryCost ?? DEFAULT_MUTATION_COST;
    this.stats.costPoints += spent;
    this.lastCost = Math.max(cost?.requestedQueryCost ?? spent, spent);
    this.bucket = cost?.throttleStatus ? { status: cost.throttleStatus, at: this.clock() } : null;
  }

  /** Waits until the bucket (as last reported, refilled since at the restore rate) holds a call above the reserve. */
  private async pace(): Promise<void> {
    if (!this.bucket) return;
    const { status, at } = this.bucket;
    if (!(status.restoreRate > 0)) return;
    const reserve = (this.options.reserveShare ?? DEFAULT_RESERVE_SHARE) * status.maximumAvailable;
    const needed = Math.min(status.maximumAvailable, this.lastCost + reserve);
    const available = Math.min(status.maximumAvailable, status.currentlyAvailable + ((this.clock() - at) / 1000) * status.restoreRate);
    if (available >= needed) return;
    const waitMs = Math.ceil(((needed - available) / status.restoreRate) * 1000);
    this.stats.throttledMs += waitMs;
    await this.sleep(waitMs);
  }
}
