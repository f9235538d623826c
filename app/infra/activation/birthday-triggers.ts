/**
 * The "upcoming birthday" Flow trigger: once a year per customer, when their birthday (Customer.birthDate,
 * "YYYY-MM-DD" from the storefront sign-up) first falls within `leadDays` of today. A daily run normally meets
 * each birthday exactly leadDays ahead; the window (rather than that one day) catches up after a missed day and
 * covers a customer who signs up with a birthday already close. 29 February is celebrated on 28 February in
 * other years, and the occasion's year (dedupe "birthday:<customerId>:<year>", the same subject the birthday
 * offer's decision uses) is the year of that celebration day, so a late-December run for an early-January
 * birthday counts toward the new year. Days are UTC days, as in app/domain/offers/birthday-dates.ts.
 */
import { birthdayPayload, FLOW_TRIGGER_HANDLES, isShopifyCustomerGid } from "../../domain/activation/flow-payloads";
import { birthdaysDueWithin, daysUntil, parseBirthDate } from "../../domain/offers/birthday-dates";
import { enqueueFlowTriggers, type FlowTriggerInput, type Queryable } from "./flow-triggers";

export interface BirthdayTriggersOptions {
  /** A pool (each batch of inserts commits on its own; every insert is idempotent). */
  db: Queryable;
  shopId: string;
  today: Date;
  /** How many days ahead of the birthday the trigger goes out (the birthday offer's leadDays). */
  leadDays: number;
}

interface DueRow {
  customerId: string;
  shopifyGid: string;
  birthDate: string;
  year: number;
  birthday: Date;
  code: string | null;
  expiresAt: Date | null;
}

const INSERT_BATCH = 1_000;

/** Enqueues the due birthdays' triggers; resolves with the customers whose trigger this call enqueued. */
export async function birthdayTriggers(options: BirthdayTriggersOptions): Promise<{ enqueued: string[]; due: number }> {
  const { db, shopId, today, leadDays } = options;
  if (!Number.isInteger(leadDays) || leadDays < 0) throw new RangeError(`leadDays must be a whole number of days, got ${leadDays}`);
  const due = birthdaysDueWithin(today, leadDays);
  // The birthday offer's code for the same occasion, when it was issued first (its decision's subject key).
  const { rows } = await db.query<DueRow>(
    `SELECT c.id AS "customerId", c."shopifyGid", c."birthDate", d.year, d.birthday, o.code, o."expiresAt"
     FROM unnest($2::text[], $3::int[], $4::timestamptz[]) AS d(month_day, year, birthday)
     JOIN "Customer" c ON c."shopId" = $1 AND c."redactedAt" IS NULL AND c."birthDate" IS NOT NULL
       AND substr(c."birthDate", 6, 5) = d.month_day
     LEFT JOIN "OfferDecision" o ON o."shopId" = $1 AND o."orderGid" = 'birthday:' || c.id || ':' || d.year
       AND o.outcome = 'issued' AND o."discountStatus" = 'created'`,
    [shopId, due.map((day) => day.monthDay), due.map((day) => day.year), due.map((day) => day.birthday)],
  );
  const triggers: FlowTriggerInput[] = [];
  for (const row of rows) {
    // Text as typed at sign-up: skip what is not a real date (and 29 February of a year without one).
    if (!parseBirthDate(row.birthDate) || !isShopifyCustomerGid(row.shopifyGid)) continue;
    triggers.push({
      shopId,
      customerId: row.customerId,
      handle: FLOW_TRIGGER_HANDLES.birthday,
      dedupeKey: `birthday:${row.customerId}:${row.year}`,
      payload: birthdayPayload({
        customerGid: row.shopifyGid,
        birthday: row.birthday,
        daysUntil: daysUntil(row.birthday, today),
        code: row.code,
        codeExpiresAt: row.expiresAt,
      }),
      createdAt: today,
    });
  }
  const enqueued: string[] = [];
  for (let start = 0; start < triggers.length; start += INSERT_BATCH) {
    const batch = triggers.slice(start, start + INSERT_BATCH);
    const inserted = new Set(await enqueueFlowTriggers(db, batch));
    for (const trigger of batch) if (inserted.has(trigger.dedupeKey)) enqueued.push(trigger.customerId!);
  }
  return { enqueued, due: triggers.length };
}
