import { createHash } from "node:crypto";
import pg from "pg";
import { REPLACE_SCORE_ON_CONFLICT, SCORE_COLUMNS } from "./score-columns";

type Queryable = Pick<pg.ClientBase, "query">;

/**
 * A large shop's score set lives in its own partition of "CustomerScore" (LIST by "shopId", small shops in the
 * DEFAULT partition; migration 20261206151500_customer_score_partitioned_by_shop). A full run builds the new set
 * in a staging table with no indexes (a million rows into 7 B-tree indexes row by row took minutes; written
 * bare and indexed afterwards, seconds), indexes it like the parent, and swaps it in: drop the shop's old
 * partition (or delete its rows from the default one) and attach the staging table. The caller runs all of it
 * in one transaction, so readers see the whole old set until the commit and the whole new set after it, and a
 * failure leaves neither a staging table nor a changed set behind.
 */

/** The shop's partition: a stable name derived from its id (ids are not valid identifiers as they are). */
export function shopPartitionName(shopId: string): string {
  return `CustomerScore_shop_${createHash("sha256").update(shopId).digest("hex").slice(0, 20)}`;
}

const quoted = pg.escapeIdentifier;

/** Creates the shop's empty staging table in the caller's transaction; returns its quoted name. */
export async function createStagingTable(db: Queryable, shopId: string): Promise<string> {
  const staging = quoted(`${shopPartitionName(shopId)}_next`);
  // The parent's columns and NOT NULLs, no indexes while the rows go in. Read from the catalog rather than with
  // CREATE TABLE … (LIKE "CustomerScore"), which would hold a lock on the parent until the commit: two large
  // shops' runs would then deadlock (each one's swap waiting for the other's lock on the parent, the other's
  // foreign keys waiting for this one's lock on Customer).
  const { rows } = await db.query<{ columns: string }>(
    `SELECT string_agg(format('%I %s%s', attname, format_type(atttypid, atttypmod), CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END), ', ' ORDER BY attnum) AS columns
     FROM pg_attribute WHERE attrelid = '"CustomerScore"'::regclass AND attnum > 0 AND NOT attisdropped`,
  );
  await db.query(`CREATE TABLE ${staging} (${rows[0].columns})`);
  return staging;
}

/**
 * Indexes matching the parent's partitioned indexes (ATTACH adopts an equivalent index instead of building
 * one), the check that lets ATTACH skip scanning the staging table under the parent's lock, and the parent's
 * foreign keys (validated here, outside the swap; ATTACH adopts an equal constraint without checking again).
 */
export async function prepareStagingTable(db: Queryable, staging: string, shopId: string, onStep?: (step: string, ms: number) => void): Promise<void> {
  const step = async (label: string, sql: string) => {
    const started = performance.now();
    await db.query(sql);
    onStep?.(label, performance.now() - started);
  };
  await step("primary key", `ALTER TABLE ${staging} ADD PRIMARY KEY ("customerId", "shopId")`);
  await step("pRepeat90 index", `CREATE INDEX ON ${staging} ("shopId", "pRepeat90", "customerId")`);
  await step("predictedClv365 index", `CREATE INDEX ON ${staging} ("shopId", "predictedClv365", "customerId")`);
  await step("lastOrderAt index", `CREATE INDEX ON ${staging} ("shopId", "lastOrderAt", "customerId")`);
  await step("orderCount index", `CREATE INDEX ON ${staging} ("shopId", "orderCount", "customerId")`);
  await step("rfmSegment index", `CREATE INDEX ON ${staging} ("shopId", "rfmSegment")`);
  await step("loyaltySegment index", `CREATE INDEX ON ${staging} ("shopId", "loyaltySegment")`);
  await step("shop check", `ALTER TABLE ${staging} ADD CHECK ("shopId" = ${pg.escapeLiteral(shopId)})`);
  await step(
    "foreign keys",
    `ALTER TABLE ${staging}
       ADD FOREIGN KEY ("shopId") REFERENCES "Shop"(id) ON DELETE CASCADE ON UPDATE CASCADE,
       ADD FOREIGN KEY ("customerId") REFERENCES "Customer"(id) ON DELETE CASCADE ON UPDATE CASCADE`,
  );
}

/** Attempts at taking the parent's lock before giving up (each waits at most SWAP_LOCK_TIMEOUT). */
const SWAP_ATTEMPTS = 3;
const SWAP_LOCK_TIMEOUT = "5s";

/**
 * The swap, inside the caller's transaction: the parent's ACCESS EXCLUSIVE lock (dropping a partition needs it)
 * is held from here to the commit, which follows at once. A reader holding the table makes the swap wait at most
 * SWAP_LOCK_TIMEOUT per attempt (readers queue behind a waiting lock, so it must not wait long); the built set
 * is kept across attempts by a savepoint.
 */
export async function swapInStagingTable(db: Queryable, staging: string, shopId: string, scoredAt: Date): Promise<void> {
  const partition = shopPartitionName(shopId);
  const literal = pg.escapeLiteral(shopId);
  for (let attempt = 1; ; attempt++) {
    await db.query("SAVEPOINT score_set_swap");
    try {
      await db.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_TIMEOUT}'`);
      const { rows } = await db.query<{ exists: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS exists`, [quoted(partition)]);
      const first = !rows[0].exists;
      await carryOverNewerScores(db, staging, first ? `"CustomerScore_default"` : quoted(partition), shopId, scoredAt);
      if (first) {
        // The shop's first large run: its rows were in the default partition (a small shop until now).
        await db.query(`DELETE FROM "CustomerScore_default" WHERE "shopId" = $1`, [shopId]);
      } else {
        await db.query(`DROP TABLE ${quoted(partition)}`);
      }
      await db.query(`ALTER TABLE ${staging} RENAME TO ${quoted(partition)}`);
      // With a default partition, ATTACH scans all of it (every small shop's rows, under its lock) for rows of
      // this shop, unless a valid CHECK already rules them out: the first attach scans, and leaves that check
      // behind (NOT VALID here; validated after the commit without blocking anyone) for every later swap.
      await db.query(`ALTER TABLE "CustomerScore" ATTACH PARTITION ${quoted(partition)} FOR VALUES IN (${literal})`);
      if (first) {
        await db.query(
          `ALTER TABLE "CustomerScore_default" ADD CONSTRAINT ${quoted(defaultExclusionName(shopId))} CHECK ("shopId" <> ${literal}) NOT VALID`,
        );
      }
      await db.query("SET LOCAL lock_timeout = DEFAULT");
      await db.query("RELEASE SAVEPOINT score_set_swap");
      return;
    } catch (error) {
      await db.query("ROLLBACK TO SAVEPOINT score_set_swap");
      if ((error as { code?: string }).code !== "55P03" || attempt === SWAP_ATTEMPTS) throw error;
    }
  }
}

/**
 * One customer's re-score (after an order) that landed in the live set while the new one was built is newer
 * than the run and wins, as it did when runs upserted in place: copied over under a lock that stops further
 * writes to the live set (reads go on) until the swap replaces it.
 */
async function carryOverNewerScores(db: Queryable, staging: string, live: string, shopId: string, scoredAt: Date): Promise<void> {
  await db.query(`LOCK TABLE ${live} IN EXCLUSIVE MODE`);
  const columns = ["shopId", "customerId", ...SCORE_COLUMNS].map((column) => `"${column}"`).join(", ");
  await db.query(
    `INSERT INTO ${staging} (${columns}) SELECT ${columns} FROM ${live} WHERE "shopId" = $1 AND "scoredAt" > $2
     ${REPLACE_SCORE_ON_CONFLICT}`,
    [shopId, scoredAt],
  );
}

/** shop/redact: the shop's partition, if it has one, goes whole (its rows would otherwise cascade one by one). */
export async function dropShopPartition(db: Queryable, shopId: string): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${quoted(shopPartitionName(shopId))}`);
  await db.query(`ALTER TABLE "CustomerScore_default" DROP CONSTRAINT IF EXISTS ${quoted(defaultExclusionName(shopId))}`);
}

/** The default partition's check that it holds none of this (large) shop's rows. */
function defaultExclusionName(shopId: string): string {
  return `${shopPartitionName(shopId)}_not_in_default`;
}

/**
 * Validates the default partition's check for this shop if it is not valid yet (a scan of the default
 * partition under SHARE UPDATE EXCLUSIVE: reads and writes go on). Outside any transaction, after the swap.
 */
export async function validateDefaultExclusion(db: Queryable, shopId: string): Promise<void> {
  const name = defaultExclusionName(shopId);
  const { rows } = await db.query<{ validated: boolean }>(
    `SELECT convalidated AS validated FROM pg_constraint WHERE conrelid = '"CustomerScore_default"'::regclass AND conname = $1`,
    [name],
  );
  if (rows.length === 1 && !rows[0].validated) await db.query(`ALTER TABLE "CustomerScore_default" VALIDATE CONSTRAINT ${quoted(name)}`);
}
