import { birthdaysDueWithin } from "../../domain/offers/birthday-dates";
import { birthdaySubjectKey } from "../../domain/offers/decide-customer-offer";
import { liveOffersOfKind } from "../../domain/offers/decide-offer";
import type { PrismaClient } from "../db/database";
import { OfferRepository } from "./offer-repository";

export interface BirthdayOfferDue {
  /** Encore's Customer.id and GID: pass as issueCustomerOffer's `customer`. */
  id: string;
  gid: string;
  /** `birthday:<customerId>:<year>`: pass as issueCustomerOffer's `subjectKey`. */
  subjectKey: string;
  /** The birthday being celebrated (midnight UTC). */
  birthday: Date;
}

/**
 * The customers a daily job should call issueCustomerOffer({ kind: "birthday", ... }) for today: those whose
 * birthday (Customer.birthDate, from the storefront sign-up) falls within the longest lead of the shop's live
 * birthday offers and who have no decision for this year's birthday yet. Not only those exactly leadDays
 * ahead: a day the job missed, or a birthday entered after its lead began, is caught up the next run, and
 * the stored decision keeps it once per year (issueCustomerOffer decides which offer is due on the day).
 * Days are UTC (birthday-dates.ts). A sequential scan of the shop's customers with a birth date, once a day.
 */
export async function birthdayOffersDue(options: { db: { prisma: PrismaClient }; shopId: string; today: Date }): Promise<BirthdayOfferDue[]> {
  const { db, shopId, today } = options;
  const live = liveOffersOfKind(await new OfferRepository(db.prisma).active(shopId, "birthday"), "birthday", today);
  if (live.length === 0) return [];
  const lead = Math.max(...live.map((offer) => offer.leadDays ?? 0));
  const due = birthdaysDueWithin(today, lead);
  const rows = await db.prisma.$queryRaw<{ id: string; gid: string; dueIndex: number }[]>`
    SELECT c.id, c."shopifyGid" AS gid, (d.ord - 1)::int AS "dueIndex"
    FROM unnest(${due.map((day) => day.monthDay)}::text[], ${due.map((day) => `:${day.year}`)}::text[]) WITH ORDINALITY AS d("monthDay", "yearSuffix", ord)
    JOIN "Customer" c ON c."shopId" = ${shopId} AND c."redactedAt" IS NULL AND substr(c."birthDate", 6, 5) = d."monthDay"
    WHERE NOT EXISTS (
      SELECT 1 FROM "OfferDecision" o WHERE o."shopId" = ${shopId} AND o."orderGid" = 'birthday:' || c.id || d."yearSuffix"
    )
    ORDER BY d.ord, c.id`;
  return rows.map((row) => {
    const { birthday } = due[row.dueIndex];
    return { id: row.id, gid: row.gid, subjectKey: birthdaySubjectKey(row.id, birthday), birthday };
  });
}
