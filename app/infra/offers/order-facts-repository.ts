import { utcTimestamp, type PrismaClient } from "../db/database";
import { prismaSqlReader, type SqlReader } from "../db/sql-reader";
import { Prisma } from "../db/generated/client";
import type { DecisionRow } from "./offer-decision-repository";
import type { SurveySettings } from "../../domain/offers/survey";
import { storedSurvey } from "./survey-repository";
import type { CustomerProfile } from "../../domain/offers/targeting";

/** What issuing needs to know about an order, whichever path (webhook or thank-you page) brings it. */
export interface OrderFacts {
  orderGid: string;
  /** Encore's Customer.id, when the customer is known to Encore. */
  customerId: string | null;
  customerGid: string | null;
  currency: string;
  placedAt: Date;
  isFirstOrder: boolean;
}

/** What the thank-you page reads about an order (see OrderFactsRepository.thankYouPage). */
export interface ThankYouPageFacts {
  order: OrderFacts;
  productGids: string[];
  /** The order's stored decision, or null while none was made. */
  decision: DecisionRow | null;
  /** The shop's bought-together set version, or null while it was never computed (see BoughtTogetherRun). */
  crossSellVersion: string | null;
  survey: { settings: SurveySettings; answered: boolean };
}

export interface ThankYouPageRead {
  /** The shop the session token names, read with the order. */
  shop: { id: string; domain: string; currency: string; uninstalledAt: Date | null };
  /** Null while the order is not known to Encore. */
  page: ThankYouPageFacts | null;
}

interface OrderFactsRow {
  customerId: string | null;
  customerGid: string | null;
  currency: string;
  placedAt: Date;
  hasEarlierOrder: boolean;
}

/** Whether the order's customer ordered before it (EXISTS stops at the first); `o` is the order. */
const HAS_EARLIER_ORDER = `(o."customerId" IS NOT NULL AND EXISTS (
    SELECT 1 FROM "Order" e
    WHERE e."customerId" = o."customerId" AND e."shopId" = o."shopId" AND e."placedAt" < o."placedAt" AND e."shopifyGid" <> o."shopifyGid"
  ))`;
/** The order, its customer's GID and whether the customer ordered before; $1 shop, $2 order. */
const ORDER_FACTS_COLUMNS = `o."customerId", c."shopifyGid" AS "customerGid", o.currency, o."placedAt", ${HAS_EARLIER_ORDER} AS "hasEarlierOrder"`;
const ORDER_FACTS_FROM = `FROM "Order" o
  LEFT JOIN "Customer" c ON c.id = o."customerId" AND c."shopId" = o."shopId"
  WHERE o."shopId" = $1 AND o."shopifyGid" = $2`;

/** The OfferDecision columns, as the generated client names them. */
const DECISION_FIELDS = [
  "id", "shopId", "orderGid", "kind", "offerId", "customerId", "customerGid", "outcome", "reason", "code", "shopifyDiscountId",
  "discountStatus", "discountType", "discountValue", "minimumSubtotal", "currency", "startsAt", "expiresAt", "decidedAt",
  "redeemedAt", "redeemedOrderGid", "attributedRevenue", "discountAmount",
] as const satisfies readonly (keyof DecisionRow)[];
/** Numeric columns travel as text (a JSON number would round them); Prisma.Decimal is built from it. */
const DECIMAL_FIELDS = new Set<string>(["discountValue", "minimumSubtotal", "attributedRevenue", "discountAmount"]);
/** Timestamp columns travel as JSON strings without an offset (the columns hold UTC). */
const DATE_FIELDS = new Set<string>(["startsAt", "expiresAt", "decidedAt", "redeemedAt"]);
const DECISION_JSON = `json_build_object(${DECISION_FIELDS.map((field) => `'${field}', d."${field}"${DECIMAL_FIELDS.has(field) ? "::text" : ""}`).join(", ")})`;

/**
 * The thank-you page's row as one JSON value: one column to describe and parse per request instead of forty
 * (the driver builds a parser per described column on every execution of the query).
 */
interface ThankYouPageJson {
  shopId: string;
  shopDomain: string;
  shopCurrency: string;
  uninstalledAt: string | null;
  order: {
    customerId: string | null;
    customerGid: string | null;
    currency: string;
    placedAt: string;
    hasEarlierOrder: boolean;
    productGids: string[] | null;
  } | null;
  crossSellVersion: string | null;
  decision: Record<string, unknown> | null;
  survey: unknown;
  answeredQuestions: string[];
}

function decisionFromJson(json: Record<string, unknown> | null): DecisionRow | null {
  if (json === null) return null;
  const decision: Record<string, unknown> = {};
  for (const field of DECISION_FIELDS) {
    const value = json[field];
    decision[field] =
      value === null ? null : DECIMAL_FIELDS.has(field) ? new Prisma.Decimal(value as string) : DATE_FIELDS.has(field) ? utcTimestamp(value as string) : value;
  }
  return decision as unknown as DecisionRow;
}

/** Reads over the imported commerce data (orders, scores, products) for offers and the thank-you page. */
export class OrderFactsRepository {
  private readonly sql: SqlReader;

  /** `sql`: the pg pool's reader in the app (see SqlReader); Prisma's otherwise. */
  constructor(
    private readonly prisma: PrismaClient,
    sql?: SqlReader,
  ) {
    this.sql = sql ?? prismaSqlReader(prisma);
  }

  /** One indexed query. */
  async findOrder(shopId: string, orderGid: string): Promise<OrderFacts | null> {
    const { rows } = await this.sql.query<OrderFactsRow>(`SELECT ${ORDER_FACTS_COLUMNS} ${ORDER_FACTS_FROM}`, [shopId, orderGid], "order-facts");
    return rows[0] ? orderFacts(orderGid, rows[0]) : null;
  }

  /**
   * Everything the thank-you page reads, in one round trip (the page is the hottest path: each query costs a
   * socket write and a parse on both sides): the shop the session token names, the order's facts and
   * products, its stored decision, the survey and whether this order answered it, and the version of the
   * shop's bought-together set (the pairs themselves come from CrossSellCache, read again only when the
   * version moves). Every part is an index lookup. Null: no such shop.
   */
  async thankYouPage(shopDomain: string, orderGid: string): Promise<ThankYouPageRead | null> {
    const { rows } = await this.sql.query<{ page: ThankYouPageJson }>(
      `SELECT json_build_object(
         'shopId', s.id, 'shopDomain', s.domain, 'shopCurrency', s.currency, 'uninstalledAt', s."uninstalledAt",
         'order', CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object(
           'customerId', o."customerId", 'customerGid', c."shopifyGid", 'currency', o.currency, 'placedAt', o."placedAt",
           'hasEarlierOrder', ${HAS_EARLIER_ORDER}, 'productGids', o."productGids") END,
         'crossSellVersion', (SELECT r.xmin::text FROM "BoughtTogetherRun" r WHERE r."shopId" = s.id),
         'decision', CASE WHEN d.id IS NULL THEN NULL ELSE ${DECISION_JSON} END,
         'survey', (SELECT st.survey FROM "ShopSettings" st WHERE st."shopId" = s.id),
         'answeredQuestions', ARRAY(SELECT q.question FROM "SurveyResponse" q WHERE q."shopId" = s.id AND q."orderGid" = $2)
       ) AS page
       FROM "Shop" s
       LEFT JOIN "Order" o ON o."shopId" = s.id AND o."shopifyGid" = $2
       LEFT JOIN "Customer" c ON c.id = o."customerId" AND c."shopId" = o."shopId"
       LEFT JOIN "OfferDecision" d ON d."shopId" = s.id AND d."orderGid" = $2
       WHERE s.domain = $1`,
      [shopDomain, orderGid],
      "thank-you-page",
    );
    const row = rows[0]?.page;
    if (!row) return null;
    const shop = { id: row.shopId, domain: row.shopDomain, currency: row.shopCurrency, uninstalledAt: row.uninstalledAt === null ? null : utcTimestamp(row.uninstalledAt) };
    if (!row.order) return { shop, page: null };
    const settings = storedSurvey(row.survey);
    const { productGids, placedAt, ...facts } = row.order;
    return {
      shop,
      page: {
        order: orderFacts(orderGid, { ...facts, placedAt: utcTimestamp(placedAt) }),
        productGids: productGids ?? [],
        decision: decisionFromJson(row.decision),
        crossSellVersion: row.crossSellVersion,
        survey: { settings, answered: settings.enabled && row.answeredQuestions.includes(settings.question) },
      },
    };
  }

  /**
   * A customer a win-back or birthday offer can be issued to: known to Encore in this shop and not redacted,
   * with their birth date (sign-up) and the shop's currency for the decision.
   */
  async offerCustomer(shopId: string, customerId: string): Promise<{ customerGid: string; birthDate: string | null; currency: string } | null> {
    const customer = await this.prisma.customer.findFirst({
      where: { id: customerId, shopId, redactedAt: null },
      select: { shopifyGid: true, birthDate: true, shop: { select: { currency: true } } },
    });
    return customer ? { customerGid: customer.shopifyGid, birthDate: customer.birthDate, currency: customer.shop.currency } : null;
  }

  /** The customer's score as targeting sees it; see CustomerProfile for the default when there is none. */
  async customerProfile(shopId: string, customerId: string | null): Promise<CustomerProfile> {
    const score = customerId ? await this.prisma.customerScore.findUnique({ where: { customerId_shopId: { customerId, shopId } } }) : null;
    if (score && score.shopId === shopId) {
      return { scored: true, pRepeat90: score.pRepeat90, segments: [score.rfmSegment, score.loyaltySegment] };
    }
    // Stored by the last scoring run (one-order-baseline.ts): one row, however large the shop.
    const model = await this.prisma.scoringModel.findUnique({ where: { shopId }, select: { oneOrderPRepeat90: true } });
    return { scored: false, baselinePRepeat90: model?.oneOrderPRepeat90 ?? null };
  }
}

function orderFacts(orderGid: string, row: OrderFactsRow): OrderFacts {
  return {
    orderGid,
    customerId: row.customerId,
    customerGid: row.customerGid,
    currency: row.currency,
    placedAt: row.placedAt,
    isFirstOrder: !row.hasEarlierOrder,
  };
}
