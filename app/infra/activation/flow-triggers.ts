/**
 * Encore's Shopify Flow triggers as an outbox (FlowTriggerEvent): whoever detects an event inserts a row in
 * its own transaction, keyed by (shop, dedupe key), and a sender delivers pending rows with flowTriggerReceive.
 *
 * - At most once per key: the unique index makes concurrent or repeated detections insert one row.
 * - Never sent twice: a sender claims one row at a time by moving it from "pending" to "sending" (FOR UPDATE
 *   SKIP LOCKED, so concurrent senders take different rows), then records "sent" or the failure. A row left in
 *   "sending" past the lease (its worker died mid-call) is marked failed, not resent: whether Flow got it is
 *   unknown, and a merchant's customer receiving a message twice is worse than once missing.
 * - Paced: flowTriggerReceive has "the same API rate limits as the Shopify API"
 *   (https://shopify.dev/docs/apps/flow/triggers), one point of the shop's Admin API bucket per call
 *   (recorded), which restores 100 points/s on standard plans
 *   (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits) and is shared with the metafield sync
 *   and discount creation. Senders start at most `maxPerSecond` calls a second (default 10); a THROTTLED answer
 *   is waited out by the Admin client at the bucket's restore rate.
 * - Failures: userErrors (an unknown handle, a payload Flow rejects) are permanent, the row fails at once with
 *   Shopify's message; other errors leave it pending for a later run until `maxAttempts`, then it fails and
 *   keeps its last error.
 */
import type pg from "pg";
import { couponIssuedPayload, FLOW_TRIGGER_HANDLES, flowPayloadProblems, isShopifyCustomerGid, type FlowPayload, type FlowTriggerHandle } from "../../domain/activation/flow-payloads";
import { AppError } from "../../server/errors";
import type { DecisionRow } from "../offers/offer-decision-repository";
import type { AdminGraphqlClient } from "../shopify/admin-graphql";
import { FLOW_TRIGGER_RECEIVE } from "../shopify/flow-operations";

export type Queryable = Pick<pg.ClientBase, "query">;

export interface FlowTriggerInput {
  shopId: string;
  /** Encore's Customer id (for cool-downs and erasure); null for triggers not about one customer. */
  customerId: string | null;
  handle: FlowTriggerHandle;
  /** Once per (shop, key): "at-risk:<customerId>:<YYYY-MM-DD>", "coupon:<decisionId>", "birthday:<customerId>:<year>". */
  dedupeKey: string;
  payload: FlowPayload;
  /** When the event happened (cool-downs read it); the database's clock when absent. */
  createdAt?: Date;
}

/** Inserts the trigger unless its key exists; true when this call inserted it. Runs in the caller's transaction when given one. */
export async function enqueueFlowTrigger(db: Queryable, trigger: FlowTriggerInput): Promise<boolean> {
  return (await enqueueFlowTriggers(db, [trigger])).length === 1;
}

/** Many at once (one statement); resolves with the dedupe keys this call inserted. */
export async function enqueueFlowTriggers(db: Queryable, triggers: FlowTriggerInput[]): Promise<string[]> {
  if (triggers.length === 0) return [];
  for (const trigger of triggers) {
    const problems = flowPayloadProblems(trigger.handle, trigger.payload);
    // A payload Flow would reject is a bug here, not a condition to store and fail later.
    if (problems.length > 0) throw new AppError("INTERNAL", `Flow trigger ${trigger.handle} (${trigger.dedupeKey}): ${problems.join(" ")}`);
  }
  const { rows } = await db.query<{ dedupeKey: string }>(
    `INSERT INTO "FlowTriggerEvent" (id, "shopId", "customerId", handle, "dedupeKey", payload, "createdAt")
     SELECT gen_random_uuid()::text, u."shopId", u."customerId", u.handle, u."dedupeKey", u.payload, COALESCE(u."createdAt", CURRENT_TIMESTAMP)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[])
       AS u("shopId", "customerId", handle, "dedupeKey", payload, "createdAt")
     ON CONFLICT ("shopId", "dedupeKey") DO NOTHING
     RETURNING "dedupeKey"`,
    [
      triggers.map((trigger) => trigger.shopId),
      triggers.map((trigger) => trigger.customerId),
      triggers.map((trigger) => trigger.handle),
      triggers.map((trigger) => trigger.dedupeKey),
      triggers.map((trigger) => JSON.stringify(trigger.payload)),
      triggers.map((trigger) => trigger.createdAt ?? null),
    ],
  );
  return rows.map((row) => row.dedupeKey);
}

/**
 * The "coupon issued" trigger of a decision whose discount exists in Shopify: once per decision. Null when
 * there is nothing to announce: not an issued code, or a guest order (Flow's customer reference needs a
 * customer; a guest's code is shown on the thank-you page only).
 */
export function couponIssuedTrigger(
  decision: Pick<DecisionRow, "id" | "shopId" | "kind" | "outcome" | "customerId" | "customerGid" | "code" | "expiresAt" | "discountType" | "discountValue" | "currency">,
): FlowTriggerInput | null {
  if (decision.outcome !== "issued" || !decision.code || !decision.expiresAt || !decision.discountType || decision.discountValue === null) return null;
  if (!isShopifyCustomerGid(decision.customerGid)) return null;
  return {
    shopId: decision.shopId,
    customerId: decision.customerId,
    handle: FLOW_TRIGGER_HANDLES.couponIssued,
    dedupeKey: `coupon:${decision.id}`,
    payload: couponIssuedPayload({
      customerGid: decision.customerGid,
      code: decision.code,
      expiresAt: decision.expiresAt,
      kind: decision.kind,
      discountType: decision.discountType,
      discountValue: Number(decision.discountValue.toString()),
      currency: decision.currency ?? "",
    }),
  };
}

export type FlowSendOutcome = { ok: true } | { ok: false; permanent: boolean; error: string };

/** One flowTriggerReceive call; failures are values: userErrors are permanent, everything else may be retried. */
export async function sendFlowTrigger(admin: AdminGraphqlClient, trigger: { handle: string; payload: unknown }): Promise<FlowSendOutcome> {
  try {
    await admin.request(FLOW_TRIGGER_RECEIVE, { handle: trigger.handle, payload: trigger.payload });
    return { ok: true };
  } catch (error) {
    const permanent = error instanceof AppError && error.code === "SHOPIFY_USER_ERROR";
    return { ok: false, permanent, error: ((error as Error).message ?? String(error)).slice(0, 1_000) };
  }
}

export interface SendPendingFlowTriggersOptions {
  /** A pool: every statement commits on its own (no transaction is held across an API call). */
  db: Queryable;
  /** The shop's Admin API client. */
  admin: AdminGraphqlClient;
  shopId: string;
  now: Date;
  /** Calls started per second at most (default 10). */
  maxPerSecond?: number;
  /** Rows handled per run at most (default 1,000); `more` says whether pending rows remain. */
  limit?: number;
  /** Attempts before a transient failure becomes final (default 5; each attempt is itself retried by the client). */
  maxAttempts?: number;
  /** A row "sending" for longer than this belongs to a dead worker (default 10 min; one call with its
   * client-side retries takes at most about two and a half). */
  leaseMs?: number;
  /** Injected in tests; the defaults are real time. */
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
  logger?: { warn(context: Record<string, unknown>, message: string): void };
}

export interface SendPendingFlowTriggersResult {
  sent: number;
  /** Failed for good in this run (permanent error or attempts spent). */
  failed: number;
  /** Failed this time, left pending for a later run. */
  retrying: number;
  /** Rows a dead worker left mid-call, marked failed (never resent). */
  interrupted: number;
  /** Time spent waiting to stay under maxPerSecond. */
  throttledMs: number;
  /** Rows not yet tried remain pending (the run stopped at `limit`): run again now. Rows that failed in this
   * run wait for the next scheduled run. */
  more: boolean;
}

export const FLOW_SEND_DEFAULTS = { maxPerSecond: 10, limit: 1_000, maxAttempts: 5, leaseMs: 10 * 60_000 } as const;

interface ClaimedRow {
  id: string;
  handle: string;
  payload: unknown;
  attempts: number;
}

export async function sendPendingFlowTriggers(options: SendPendingFlowTriggersOptions): Promise<SendPendingFlowTriggersResult> {
  const { db, admin, shopId } = options;
  const maxPerSecond = options.maxPerSecond ?? FLOW_SEND_DEFAULTS.maxPerSecond;
  const limit = options.limit ?? FLOW_SEND_DEFAULTS.limit;
  const maxAttempts = options.maxAttempts ?? FLOW_SEND_DEFAULTS.maxAttempts;
  const leaseMs = options.leaseMs ?? FLOW_SEND_DEFAULTS.leaseMs;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const clock = options.clock ?? Date.now;
  if (!(maxPerSecond > 0)) throw new RangeError("maxPerSecond must be positive");
  const started = clock();
  // Timestamps follow `now`, advanced by the time this run has taken.
  const at = () => new Date(options.now.getTime() + (clock() - started));
  const result: SendPendingFlowTriggersResult = { sent: 0, failed: 0, retrying: 0, interrupted: 0, throttledMs: 0, more: false };

  const stale = await db.query(
    `UPDATE "FlowTriggerEvent" SET status = 'failed', "sentAt" = NULL,
       error = 'interrupted: the sending worker stopped mid-call; not resent, Flow may or may not have received it'
     WHERE "shopId" = $1 AND status = 'sending' AND "sentAt" < $2::timestamptz`,
    [shopId, new Date(options.now.getTime() - leaseMs)],
  );
  result.interrupted = stale.rowCount ?? 0;

  const intervalMs = 1_000 / maxPerSecond;
  let nextCallAt = -Infinity;
  // Rows that failed in this run wait for the next run instead of being retried at once.
  const attempted: string[] = [];
  for (let handled = 0; handled < limit; handled++) {
    const claimed = await claimNext(db, shopId, attempted, at());
    if (!claimed) return result;
    const waitMs = nextCallAt - clock();
    if (waitMs > 0) {
      await sleep(waitMs);
      result.throttledMs += waitMs;
    }
    nextCallAt = clock() + intervalMs;
    const outcome = await sendFlowTrigger(admin, claimed);
    if (outcome.ok) {
      await finish(db, claimed.id, "sent", null, at());
      result.sent++;
      continue;
    }
    const final = outcome.permanent || claimed.attempts >= maxAttempts;
    await finish(db, claimed.id, final ? "failed" : "pending", outcome.error, null);
    attempted.push(claimed.id);
    if (final) result.failed++;
    else result.retrying++;
    options.logger?.warn(
      { shop: shopId, flowTriggerEventId: claimed.id, handle: claimed.handle, attempt: claimed.attempts, final, err: outcome.error },
      "Flow trigger not delivered",
    );
  }
  const { rows } = await db.query<{ more: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "FlowTriggerEvent" WHERE "shopId" = $1 AND status = 'pending' AND id <> ALL($2::text[])) AS more`,
    [shopId, attempted],
  );
  result.more = rows[0]?.more ?? false;
  return result;
}

/** Moves the oldest pending row (not yet attempted in this run) to "sending"; SKIP LOCKED keeps concurrent senders apart. */
async function claimNext(db: Queryable, shopId: string, exclude: string[], now: Date): Promise<ClaimedRow | null> {
  const { rows } = await db.query<ClaimedRow>(
    `UPDATE "FlowTriggerEvent" SET status = 'sending', attempts = attempts + 1, "sentAt" = $3::timestamptz
     WHERE id = (
       SELECT id FROM "FlowTriggerEvent"
       WHERE "shopId" = $1 AND status = 'pending' AND id <> ALL($2::text[])
       ORDER BY "createdAt", id
       LIMIT 1
       FOR UPDATE SKIP LOCKED
     ) AND status = 'pending'
     RETURNING id, handle, payload, attempts`,
    [shopId, exclude, now],
  );
  return rows[0] ?? null;
}

/** While "sending", sentAt holds when the attempt started (the lease); once sent, when Flow accepted it. */
async function finish(db: Queryable, id: string, status: "sent" | "failed" | "pending", error: string | null, sentAt: Date | null): Promise<void> {
  await db.query(
    `UPDATE "FlowTriggerEvent" SET status = $2, error = $3, "sentAt" = $4::timestamptz WHERE id = $1 AND status = 'sending'`,
    [id, status, error, sentAt],
  );
}
