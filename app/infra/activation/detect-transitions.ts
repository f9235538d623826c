/**
 * After a scoring run: compares each customer's new score with the status Encore last recorded
 * (CustomerActivation), records the new status and enqueues the Flow triggers of the transitions
 * (app/domain/activation/transitions.ts), page by page.
 *
 * - Pages are keyset ranges of CustomerScore on its (shopId, pRepeat90, customerId) index, so a 1M-customer
 *   shop is read in bounded pages, each an index range scan. Only customers whose status changed are written.
 * - Each page's writes and triggers commit together. The status is written as a compare-and-set from the
 *   status read (the unchanged first-seen values, or no row): of two runs detecting the same change, whether
 *   on one day or two, only the one whose update succeeds fires, and the trigger's dedupe key makes the
 *   insert once-only besides.
 * - Only churnStatus and loyaltySegment (and updatedAt) are written: the metafield sync owns the other columns
 *   of the same rows.
 */
import type pg from "pg";
import { activityStatus } from "../../domain/scoring/activity-model";
import { atRiskPayload, isShopifyCustomerGid, loverPayload, TRANSITION_HANDLES, type FlowPayload } from "../../domain/activation/flow-payloads";
import {
  candidateTransitions,
  COOL_DOWN_DAYS,
  stateChanged,
  transitionEvents,
  TRANSITION_KINDS,
  type ObservedState,
  type SeenState,
  type TransitionKind,
} from "../../domain/activation/transitions";
import type { Database } from "../db/database";
import { withTransaction } from "../db/transaction";
import { enqueueFlowTriggers, type FlowTriggerInput } from "./flow-triggers";

export interface DetectActivationTransitionsOptions {
  db: Pick<Database, "pool">;
  shopId: string;
  /** The scoring run's observation end: dedupe keys' day and cool-downs are counted from it. */
  now: Date;
  /** Customers per page (default 2,000). */
  pageSize?: number;
  /**
   * Called inside each page's transaction with the customers whose transition fired on that page, so follow-up
   * work (a win-back job) can be enqueued atomically with the status change.
   */
  onTransitions?: (tx: pg.PoolClient, page: { atRisk: string[]; lovers: string[] }) => Promise<void>;
}

export interface ActivationTransitions {
  /** Encore customer ids that became at risk (triggers enqueued; cool-downs excluded). */
  atRisk: string[];
  lovers: string[];
  /** Scored customers read. */
  observed: number;
  /** Customers whose recorded status was written (first observations included). */
  changed: number;
}

interface PageRow {
  customerId: string;
  shopifyGid: string;
  pAlive: number;
  pRepeat90: number;
  predictedClv365: number;
  orderCount: number;
  lastOrderAt: Date;
  loyaltySegment: string;
  tracked: boolean;
  seenChurnStatus: string | null;
  seenLoyaltySegment: string | null;
}

interface Change {
  row: PageRow;
  seen: SeenState | null;
  current: ObservedState;
}

const PAGE_COLUMNS = `s."customerId", c."shopifyGid", s."pAlive", s."pRepeat90", s."predictedClv365"::float8 AS "predictedClv365",
  s."orderCount", s."lastOrderAt", s."loyaltySegment",
  a."customerId" IS NOT NULL AS tracked, a."churnStatus" AS "seenChurnStatus", a."loyaltySegment" AS "seenLoyaltySegment"`;
const PAGE_FROM = `FROM "CustomerScore" s
  JOIN "Customer" c ON c.id = s."customerId" AND c."shopId" = s."shopId" AND c."redactedAt" IS NULL
  LEFT JOIN "CustomerActivation" a ON a."customerId" = s."customerId"`;

const DAY_MS = 86_400_000;

export async function detectActivationTransitions(options: DetectActivationTransitionsOptions): Promise<ActivationTransitions> {
  const { db, shopId, now } = options;
  const pageSize = options.pageSize ?? 2_000;
  const result: ActivationTransitions = { atRisk: [], lovers: [], observed: 0, changed: 0 };
  let cursor: { pRepeat90: number; customerId: string } | null = null;
  for (;;) {
    const { rows }: { rows: PageRow[] } = cursor
      ? await db.pool.query<PageRow>(
          `SELECT ${PAGE_COLUMNS} ${PAGE_FROM}
           WHERE s."shopId" = $1 AND (s."pRepeat90", s."customerId") > ($2::float8, $3::text)
           ORDER BY s."pRepeat90", s."customerId" LIMIT $4`,
          [shopId, cursor.pRepeat90, cursor.customerId, pageSize],
        )
      : await db.pool.query<PageRow>(
          `SELECT ${PAGE_COLUMNS} ${PAGE_FROM} WHERE s."shopId" = $1 ORDER BY s."pRepeat90", s."customerId" LIMIT $2`,
          [shopId, pageSize],
        );
    if (rows.length === 0) break;
    result.observed += rows.length;
    const last: PageRow = rows[rows.length - 1];
    cursor = { pRepeat90: last.pRepeat90, customerId: last.customerId };

    const changes: Change[] = [];
    for (const row of rows) {
      const seen: SeenState | null = row.tracked ? { churnStatus: row.seenChurnStatus, loyaltySegment: row.seenLoyaltySegment } : null;
      const current: ObservedState = { churnStatus: activityStatus(row.pAlive), loyaltySegment: row.loyaltySegment };
      if (stateChanged(seen, current)) changes.push({ row, seen, current });
    }
    if (changes.length > 0) {
      const page = await withTransaction(db.pool, (tx) => recordPage(tx, shopId, now, changes, options.onTransitions));
      result.changed += page.changed;
      result.atRisk.push(...page.atRisk);
      result.lovers.push(...page.lovers);
    }
    if (rows.length < pageSize) break;
  }
  return result;
}

async function recordPage(
  tx: pg.PoolClient,
  shopId: string,
  now: Date,
  changes: Change[],
  onTransitions: DetectActivationTransitionsOptions["onTransitions"],
): Promise<{ changed: number; atRisk: string[]; lovers: string[] }> {
  // First observations: a new row, no events. A row someone created meanwhile falls through to the
  // compare-and-set below with "nothing seen" as the expected state.
  const fresh = changes.filter((change) => change.seen === null);
  const inserted = new Set<string>();
  if (fresh.length > 0) {
    const { rows } = await tx.query<{ customerId: string }>(
      `INSERT INTO "CustomerActivation" ("customerId", "shopId", "churnStatus", "loyaltySegment", "updatedAt")
       SELECT u.id, $1, u.churn, u.segment, $2::timestamptz FROM unnest($3::text[], $4::text[], $5::text[]) AS u(id, churn, segment)
       ON CONFLICT ("customerId") DO NOTHING
       RETURNING "customerId"`,
      [shopId, now, fresh.map((c) => c.row.customerId), fresh.map((c) => c.current.churnStatus), fresh.map((c) => c.current.loyaltySegment)],
    );
    for (const row of rows) inserted.add(row.customerId);
  }
  const compared = changes.filter((change) => !inserted.has(change.row.customerId));
  const won = new Set<string>();
  if (compared.length > 0) {
    const { rows } = await tx.query<{ customerId: string }>(
      `UPDATE "CustomerActivation" a SET "churnStatus" = v.churn, "loyaltySegment" = v.segment, "updatedAt" = $2::timestamptz
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS v(id, seen_churn, seen_segment, churn, segment)
       WHERE a."customerId" = v.id AND a."shopId" = $1
         AND a."churnStatus" IS NOT DISTINCT FROM v.seen_churn AND a."loyaltySegment" IS NOT DISTINCT FROM v.seen_segment
       RETURNING a."customerId"`,
      [
        shopId,
        now,
        compared.map((c) => c.row.customerId),
        compared.map((c) => c.seen?.churnStatus ?? null),
        compared.map((c) => c.seen?.loyaltySegment ?? null),
        compared.map((c) => c.current.churnStatus),
        compared.map((c) => c.current.loyaltySegment),
      ],
    );
    for (const row of rows) won.add(row.customerId);
  }

  const candidates = compared.filter((change) => won.has(change.row.customerId) && candidateTransitions(change.seen, change.current).length > 0);
  const triggers: FlowTriggerInput[] = [];
  const kindByKey = new Map<string, { kind: TransitionKind; customerId: string }>();
  if (candidates.length > 0) {
    const lastFired = await lastFiredAt(tx, shopId, now, candidates.map((change) => change.row.customerId));
    for (const change of candidates) {
      const { row } = change;
      if (!isShopifyCustomerGid(row.shopifyGid)) continue;
      const events = transitionEvents({ customerId: row.customerId, previous: change.seen, current: change.current, lastFired: lastFired.get(row.customerId), now });
      for (const event of events) {
        triggers.push({
          shopId,
          customerId: row.customerId,
          handle: TRANSITION_HANDLES[event.kind],
          dedupeKey: event.dedupeKey,
          payload: transitionPayload(event.kind, change, now),
          createdAt: now,
        });
        kindByKey.set(event.dedupeKey, { kind: event.kind, customerId: row.customerId });
      }
    }
  }
  const page = { atRisk: [] as string[], lovers: [] as string[] };
  for (const key of await enqueueFlowTriggers(tx, triggers)) {
    const event = kindByKey.get(key)!;
    (event.kind === "at_risk" ? page.atRisk : page.lovers).push(event.customerId);
  }
  if (onTransitions && (page.atRisk.length > 0 || page.lovers.length > 0)) await onTransitions(tx, page);
  return { changed: inserted.size + won.size, ...page };
}

/** When each transition last fired per customer, within the longest cool-down (older ones no longer matter). */
async function lastFiredAt(tx: pg.PoolClient, shopId: string, now: Date, customerIds: string[]): Promise<Map<string, Partial<Record<TransitionKind, Date>>>> {
  const longest = Math.max(...TRANSITION_KINDS.map((kind) => COOL_DOWN_DAYS[kind]));
  const kindByHandle = new Map(TRANSITION_KINDS.map((kind) => [TRANSITION_HANDLES[kind] as string, kind]));
  // The status list lets the (shopId, status, createdAt) index serve the time range.
  const { rows } = await tx.query<{ customerId: string; handle: string; last: Date }>(
    `SELECT "customerId", handle, max("createdAt") AS last FROM "FlowTriggerEvent"
     WHERE "shopId" = $1 AND status = ANY('{pending,sending,sent,failed}'::text[]) AND "createdAt" > $2::timestamptz
       AND "customerId" = ANY($3::text[]) AND handle = ANY($4::text[])
     GROUP BY "customerId", handle`,
    [shopId, new Date(now.getTime() - longest * DAY_MS), customerIds, [...kindByHandle.keys()]],
  );
  const byCustomer = new Map<string, Partial<Record<TransitionKind, Date>>>();
  for (const row of rows) {
    const kind = kindByHandle.get(row.handle)!;
    byCustomer.set(row.customerId, { ...byCustomer.get(row.customerId), [kind]: row.last });
  }
  return byCustomer;
}

function transitionPayload(kind: TransitionKind, change: Change, now: Date): FlowPayload {
  const { row } = change;
  const facts = { customerGid: row.shopifyGid, pAlive: row.pAlive, pRepeat90: row.pRepeat90, predictedClv365: row.predictedClv365 };
  return kind === "at_risk"
    ? atRiskPayload({ ...facts, churnStatus: change.current.churnStatus, lastOrderAt: row.lastOrderAt, now })
    : loverPayload({ ...facts, previousSegment: change.seen?.loyaltySegment ?? "", orderCount: row.orderCount });
}
