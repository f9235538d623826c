import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { Router, type Response } from "express";
import { z } from "zod";
import { customerProfile, shopifyAdminCustomerUrl } from "../../domain/metrics/customer-profile";
import { explainScore } from "../../domain/metrics/score-explanation";
import { SCORE_BAND_NAMES } from "../../domain/metrics/score-bands";
import { isOfferSegment, OFFER_SEGMENTS } from "../../domain/offers/segments";
import type { ShopRepository } from "../../infra/db/repositories/shop-repository";
import type { CustomerDetailRepository } from "../../infra/customers/customer-detail-repository";
import { CUSTOMER_SORT_NAMES, decodeCursor, type CustomerCursor } from "../../infra/customers/customer-list-query";
import type { CustomerListRepository } from "../../infra/customers/customer-list-repository";
import { AppError } from "../errors";
import { apiContext } from "../middleware/authenticate-api";
import { parseInput } from "../validation";
import { requireShop } from "../require-shop";

export const CUSTOMER_PAGE_LIMIT = { default: 25, max: 100 } as const;

const cursor = z.string().max(400).transform((text, ctx): CustomerCursor => {
  const decoded = decodeCursor(text);
  if (!decoded) {
    ctx.addIssue({ code: "custom", message: "not a cursor returned by this API" });
    return z.NEVER;
  }
  return decoded;
});

const filters = {
  segment: z.string().refine(isOfferSegment, { message: `unknown segment; expected one of ${OFFER_SEGMENTS.join(", ")}` }).optional(),
  band: z.enum(SCORE_BAND_NAMES).optional(),
  unusedCoupon: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  q: z.string().trim().max(100).optional().transform((value) => value || undefined),
  sort: z.enum(CUSTOMER_SORT_NAMES).default("pRepeat90"),
  direction: z.enum(["asc", "desc"]).default("desc"),
};

const listQuery = z
  .object({
    ...filters,
    limit: z.coerce.number().int().min(1).max(CUSTOMER_PAGE_LIMIT.max).default(CUSTOMER_PAGE_LIMIT.default),
    after: cursor.optional(),
    before: cursor.optional(),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.after && query.before) ctx.addIssue({ code: "custom", path: ["before"], message: "use either after or before" });
    for (const key of ["after", "before"] as const) {
      if (query[key] && query[key].sort !== query.sort) ctx.addIssue({ code: "custom", path: [key], message: "cursor belongs to another sort" });
    }
  });

const exportQuery = z.object(filters).strict();
const customerParams = z.object({ id: z.string().trim().min(1).max(200) });

export interface CustomersRouterDependencies {
  shops: ShopRepository;
  list: CustomerListRepository;
  detail: CustomerDetailRepository;
  now?: () => Date;
}

const CSV_COLUMNS = [
  { key: "id", header: "customer_id" },
  { key: "firstName", header: "first_name" },
  { key: "lastName", header: "last_name" },
  { key: "email", header: "email" },
  { key: "orderCount", header: "orders" },
  { key: "lastOrderAt", header: "last_order_at" },
  { key: "pRepeat90", header: "p_repeat_90d" },
  { key: "predictedClv365", header: "predicted_clv_365d" },
  { key: "totalSpent", header: "total_spent" },
  { key: "expectedNextOrderAt", header: "expected_next_order_at" },
  { key: "rfmSegment", header: "rfm_segment" },
  { key: "loyaltySegment", header: "value_segment" },
];

/**
 * /api/customers: the scored-customer list (keyset pages, sort, filters, search), its CSV export (streamed
 * by keyset batches) and one customer's detail with a plain-language reading of their score.
 */
export function customersRouter(deps: CustomersRouterDependencies): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  router.get("/", async (req, res) => {
    const { q, ...query } = parseInput(listQuery, req.query);
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    const page = await deps.list.page(shop.id, { ...query, search: q }, now());
    res.json({ currency: shop.currency, ...page });
  });

  router.get("/export.csv", async (req, res) => {
    const { q, ...query } = parseInput(exportQuery, req.query);
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    sendCsvHeaders(res, shop.domain);
    // escape_formulas: a cell starting with = + - @ would run as a formula in a spreadsheet.
    const csv = stringify({ header: true, columns: CSV_COLUMNS, escape_formulas: true, cast: { date: (date) => date.toISOString() } });
    await pipeline(Readable.from(deps.list.stream(shop.id, { ...query, search: q }, now())), csv, res);
  });

  router.get("/:id", async (req, res) => {
    const { id } = parseInput(customerParams, req.params);
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    const record = await deps.detail.find(shop.id, id);
    if (!record) throw new AppError("NOT_FOUND", "Customer not found");
    const { score } = record;
    const asOf = now();
    res.json({
      currency: shop.currency,
      customer: { ...record.customer, shopifyAdminUrl: record.customer.redacted ? null : shopifyAdminCustomerUrl(record.customer.shopifyGid) },
      score: score && {
        ...score,
        profile: customerProfile({
          orderCount: score.orderCount,
          repeatPurchases: score.repeatPurchases,
          firstOrderAt: score.firstOrderAt.getTime(),
          lastOrderAt: score.lastOrderAt.getTime(),
          totalSpent: score.totalSpent,
          predictedClv365: score.predictedClv365,
        }),
        explanation: explainScore({
          orderCount: score.orderCount,
          lastOrderAt: score.lastOrderAt.getTime(),
          now: asOf.getTime(),
          pRepeat90: score.pRepeat90,
          pAlive: score.pAlive,
          expectedNextOrderAt: score.expectedNextOrderAt?.getTime() ?? null,
          confidence: score.confidence,
        }),
      },
      history: record.history,
      orders: record.orders,
      coupons: {
        issued: record.coupons.length,
        redeemed: record.coupons.filter((coupon) => coupon.redeemedAt !== null).length,
        items: record.coupons.map((coupon) => ({
          ...coupon,
          state: coupon.redeemedAt ? "redeemed" : coupon.expiresAt && coupon.expiresAt <= asOf ? "expired" : "unused",
        })),
      },
    });
  });

  return router;
}

function sendCsvHeaders(res: Response, shopDomain: string): void {
  const name = `${shopDomain.replace(/\.myshopify\.com$/, "").replace(/[^a-z0-9-]/gi, "")}-customers.csv`;
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="${name}"`);
  res.setHeader("Cache-Control", "private, no-store");
}
