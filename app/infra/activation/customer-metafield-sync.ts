import type pg from "pg";
import {
  applyMetafieldChanges,
  customerMetafieldChanges,
  MetafieldCallPacker,
  METAFIELDS_PER_CALL,
  parseWrittenMetafields,
  type CustomerMetafieldKey,
  type CustomerMetafieldValues,
  type MetafieldWrite,
  type OwnedMetafield,
} from "../../domain/activation/customer-metafields";
import { AppError } from "../../server/errors";
import type { Database } from "../db/database";
import type { AdminGraphqlClient } from "../shopify/admin-graphql";
import { ensureMetafieldDefinitions } from "./metafield-definitions";
import { MetafieldWriter, type WriteOutcome } from "./metafield-writer";

export interface SyncCustomerMetafieldsOptions {
  db: Pick<Database, "prisma" | "pool">;
  admin: AdminGraphqlClient;
  shopId: string;
  /** The sync's time: stamped on the run and on every customer's metafieldsAt. */
  now: Date;
  /** Metafields per metafieldsSet/metafieldsDelete call: 25 (Shopify's maximum) unless a test wants fewer. */
  batchSize?: number;
  /** Customers read per database page (keyset): memory stays flat however large the shop. */
  pageSize?: number;
  /** Only these customers (Encore ids), e.g. after one customer's re-score; all of the shop's otherwise. */
  customerIds?: string[];
  /**
   * After a re-install: what Shopify kept of Encore's definitions and values through the uninstall is not
   * known, so the definitions are ensured again and every scored customer's values are written again (values
   * of customers without a score are still deleted).
   */
  rewriteAll?: boolean;
  logger?: { info(context: object, message: string): void; warn(context: object, message: string): void };
  /** Injected by tests and the benchmark (virtual time for the cost bucket). */
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
}

export interface MetafieldSyncReport {
  runId: string;
  /** Customers looked at: scored ones, and unscored ones that still have Encore metafields. */
  customersChecked: number;
  /** Customers with at least one metafield to set or delete. */
  customersChanged: number;
  metafieldsWritten: number;
  metafieldsDeleted: number;
  /** Owners Shopify refused (skipped; their stored values stay as they were, so the next sync retries). */
  ownersSkipped: number;
  /** Admin API requests (THROTTLED retries included). */
  calls: number;
  costPoints: number;
  throttledMs: number;
  ms: number;
}

interface CustomerRow {
  id: string;
  gid: string;
  pRepeat90: number | null;
  pAlive: number | null;
  clv: number | null;
  rfmSegment: string | null;
  loyaltySegment: string | null;
  expectedNextOrderAt: Date | null;
  metafields: unknown;
}

/** A customer whose changes are on their way to Shopify. */
interface PendingCustomer {
  customerId: string;
  written: CustomerMetafieldValues | null;
  outstanding: number;
  set: MetafieldWrite[];
  remove: CustomerMetafieldKey[];
}

const DEFAULT_PAGE_SIZE = 1_000;

/**
 * After a scoring run: writes each customer's Encore metafields that changed beyond tolerance
 * (domain/activation/customer-metafields.ts), and deletes those of customers who lost their score, in calls of
 * ≤ 25 paced to the shop's cost bucket. Customers are streamed in keyset pages on (shopId, shopifyGid) joined
 * to their score and last written values, so a 1M-customer shop never sits in memory. CustomerActivation keeps
 * only what Shopify accepted: a failed or interrupted sync leaves the rest to be retried by the next. Creates
 * the metafield definitions first if the shop has none yet. One MetafieldSyncRun row records each sync.
 */
export async function syncCustomerMetafields(options: SyncCustomerMetafieldsOptions): Promise<MetafieldSyncReport> {
  const { db, shopId, now } = options;
  const started = performance.now();
  const batchSize = options.batchSize ?? METAFIELDS_PER_CALL;
  const shop = await db.prisma.shop.findUnique({ where: { id: shopId }, select: { domain: true, metafieldDefinitionsAt: true } });
  if (!shop) throw new AppError("NOT_FOUND", `Unknown shop ${shopId}`);
  const writer = new MetafieldWriter({ admin: options.admin, sleep: options.sleep, clock: options.clock, logger: options.logger });
  const run = await db.prisma.metafieldSyncRun.create({ data: { shopId, status: "running", startedAt: now } });
  const counts = { customersChecked: 0, customersChanged: 0, metafieldsWritten: 0, metafieldsDeleted: 0 };
  const skipped = new Set<string>();
  const pending = new Map<string, PendingCustomer>();
  const done: PendingCustomer[] = [];
  const setPacker = new MetafieldCallPacker<MetafieldWrite>(batchSize);
  const removePacker = new MetafieldCallPacker<CustomerMetafieldKey>(batchSize);

  const settle = <T>(outcome: WriteOutcome<T>, batch: OwnedMetafield<T>[], apply: (customer: PendingCustomer, item: T) => void) => {
    const accepted = new Set(outcome.accepted);
    for (const element of batch) {
      const customer = pending.get(element.ownerId)!;
      if (accepted.has(element)) apply(customer, element.item);
      if (outcome.rejected.has(element.ownerId)) skipped.add(element.ownerId);
      if (--customer.outstanding === 0) {
        pending.delete(element.ownerId);
        done.push(customer);
      }
    }
  };
  const sendSets = async (calls: OwnedMetafield<MetafieldWrite>[][]) => {
    for (const batch of calls) {
      const outcome = await writer.set(batch);
      counts.metafieldsWritten += outcome.accepted.length;
      settle(outcome, batch, (customer, item) => customer.set.push(item));
    }
  };
  const sendRemoves = async (calls: OwnedMetafield<CustomerMetafieldKey>[][]) => {
    for (const batch of calls) {
      const outcome = await writer.remove(batch);
      counts.metafieldsDeleted += outcome.accepted.length;
      settle(outcome, batch, (customer, item) => customer.remove.push(item));
    }
  };
  const persist = async () => {
    const changed = done.splice(0).filter((customer) => customer.set.length > 0 || customer.remove.length > 0);
    await saveWrittenMetafields(db.pool, shopId, now, changed);
  };

  try {
    if (!shop.metafieldDefinitionsAt || options.rewriteAll) {
      const definitions = await ensureMetafieldDefinitions({ prisma: db.prisma, admin: options.admin, shopId, now });
      if (definitions.failed.length > 0) {
        throw new AppError("SHOPIFY_USER_ERROR", `Metafield definitions could not be created: ${definitions.failed.map((failure) => `${failure.key}: ${failure.message}`).join("; ")}`);
      }
    }
    let after = "";
    for (;;) {
      const rows = await readCustomerPage(db.pool, shopId, after, options.pageSize ?? DEFAULT_PAGE_SIZE, options.customerIds ?? null);
      if (rows.length === 0) break;
      after = rows[rows.length - 1].gid;
      for (const row of rows) {
        counts.customersChecked++;
        const written = parseWrittenMetafields(row.metafields);
        const score =
          row.pRepeat90 === null
            ? null
            : {
                pRepeat90: row.pRepeat90,
                pAlive: row.pAlive ?? Number.NaN,
                predictedClv365: row.clv ?? Number.NaN,
                rfmSegment: row.rfmSegment ?? "",
                loyaltySegment: row.loyaltySegment ?? "",
                expectedNextOrderAt: row.expectedNextOrderAt,
              };
        const changes = customerMetafieldChanges(score, written);
        if (options.rewriteAll && score) changes.set = customerMetafieldChanges(score, null).set;
        const outstanding = changes.set.length + changes.remove.length;
        if (outstanding === 0) continue;
        counts.customersChanged++;
        pending.set(row.gid, { customerId: row.id, written, outstanding, set: [], remove: [] });
        await sendSets(setPacker.push(row.gid, changes.set));
        await sendRemoves(removePacker.push(row.gid, changes.remove));
      }
      await persist();
    }
    await sendSets(setPacker.flush());
    await sendRemoves(removePacker.flush());
    await persist();
    const report: MetafieldSyncReport = { runId: run.id, ...counts, ownersSkipped: skipped.size, ...writer.stats, ms: performance.now() - started };
    await db.prisma.metafieldSyncRun.update({
      where: { id: run.id },
      data: { status: "succeeded", ...runCounts(report), finishedAt: new Date() },
    });
    if (skipped.size > 0) options.logger?.warn({ shop: shop.domain, ownersSkipped: skipped.size }, "Some customers' metafields were refused by Shopify");
    options.logger?.info({ shop: shop.domain, ...report }, "Customer metafields synced");
    return report;
  } catch (error) {
    // What Shopify accepted before the failure is kept, so the retry does not write it again.
    await persist().catch(() => {});
    const report = { ...counts, ...writer.stats };
    await db.prisma.metafieldSyncRun
      .update({
        where: { id: run.id },
        data: { status: "failed", ...runCounts(report), error: (error as Error).message.slice(0, 500), finishedAt: new Date() },
      })
      .catch(() => {});
    throw error;
  }
}

function runCounts(report: { customersChecked: number; customersChanged: number; metafieldsWritten: number; metafieldsDeleted: number; calls: number; costPoints: number; throttledMs: number }) {
  return {
    customersChecked: report.customersChecked,
    customersChanged: report.customersChanged,
    metafieldsWritten: report.metafieldsWritten + report.metafieldsDeleted,
    calls: report.calls,
    costPoints: Math.round(report.costPoints),
    throttledMs: Math.round(report.throttledMs),
  };
}

/**
 * One keyset page of the shop's customers (not redacted) that have a score or metafields Encore wrote, with
 * both. Ordered by the (shopId, shopifyGid) unique index; score and activation rows are joined by primary key.
 */
async function readCustomerPage(pool: Pick<pg.Pool, "query">, shopId: string, after: string, limit: number, customerIds: string[] | null): Promise<CustomerRow[]> {
  const { rows } = await pool.query<CustomerRow>(
    `SELECT c.id, c."shopifyGid" AS gid, s."pRepeat90", s."pAlive", s."predictedClv365"::float8 AS clv, s."rfmSegment",
            s."loyaltySegment", s."expectedNextOrderAt", a.metafields
     FROM "Customer" c
     LEFT JOIN "CustomerScore" s ON s."customerId" = c.id AND s."shopId" = c."shopId"
     LEFT JOIN "CustomerActivation" a ON a."customerId" = c.id
     WHERE c."shopId" = $1 AND c."shopifyGid" > $2 AND c."redactedAt" IS NULL
       AND (s."customerId" IS NOT NULL OR a.metafields IS NOT NULL)
       AND ($4::text[] IS NULL OR c.id = ANY($4::text[]))
     ORDER BY c."shopifyGid"
     LIMIT $3`,
    [shopId, after, limit, customerIds],
  );
  return rows;
}

/** Stores what Shopify accepted (other CustomerActivation columns, owned by the Flow triggers, are left alone). */
async function saveWrittenMetafields(pool: Pick<pg.Pool, "query">, shopId: string, now: Date, customers: PendingCustomer[]): Promise<void> {
  if (customers.length === 0) return;
  const values = customers.map((customer) => {
    const next = applyMetafieldChanges(customer.written, customer);
    return Object.keys(next).length > 0 ? JSON.stringify(next) : null;
  });
  await pool.query(
    `INSERT INTO "CustomerActivation" ("customerId", "shopId", metafields, "metafieldsAt", "updatedAt")
     SELECT u.id, $1, u.metafields::jsonb, $2, now() FROM unnest($3::text[], $4::text[]) AS u(id, metafields)
     ON CONFLICT ("customerId") DO UPDATE SET metafields = excluded.metafields, "metafieldsAt" = excluded."metafieldsAt", "updatedAt" = now()`,
    [shopId, now, customers.map((customer) => customer.customerId), values],
  );
}
