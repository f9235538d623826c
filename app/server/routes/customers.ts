import { pipeline } from "node:stream/promises";
import { Readable, Transform } from "node:stream";
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
import { CSV_COLUMNS, csvRow, customerExportFileName } from "./customers-csv";

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

/**
 * /api/customers: the scored-customer list (keyset pages, sort, filters, search), how many customers match
 * (/count, asked once per filter rather than with every page), its CSV export (streamed by keyset batches)
 * and one customer's detail with a plain-language reading of their score.
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

  router.get("/count", async (req, res) => {
    const { q, sort: _sort, direction: _direction, ...filters } = parseInput(exportQuery, req.query);
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    res.json({ total: await deps.list.count(shop.id, { ...filters, search: q }, now()) });
  });

  router.get("/export.csv", async (req, res) => {
    const { q, ...query } = parseInput(exportQuery, req.query);
    const shop = await requireShop(deps.shops, apiContext(res).shopDomain);
    const asOf = now();
    sendCsvHeaders(res, customerExportFileName(shop.domain, asOf, { ...query, search: q }));
    // bom: Excel reads a CSV without one in the system's code page, garbling every non-ASCII name.
    // escape_formulas: a cell starting with = + - @ would run as a formula in a spreadsheet.
    const csv = stringify({ bom: true, header: true, columns: CSV_COLUMNS, escape_formulas: true, cast: { date: (date) => date.toISOString() } });
    const rounded = new Transform({ objectMode: true, transform: (row, _encoding, callback) => callback(null, csvRow(row)) });
    await pipeline(Readable.from(deps.list.stream(shop.id, { ...query, search: q }, asOf)), rounded, csv, res);
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

function sendCsvHeaders(res: Response, name: string): void {
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="${name}"`);
  res.setHeader("Cache-Control", "private, no-store");
}
