import { thankYouAccess } from "../../domain/offers/thank-you-access";
import { localizeSurvey, type LocalizedSurvey, type SurveyLocale } from "../../domain/offers/survey";
import type { OfferUseCases } from "./issue-coupon-for-order";
import type { CrossSellCache } from "./cross-sell-cache";
import type { OrderFactsRepository } from "./order-facts-repository";
import type { SurveyRepository } from "./survey-repository";

export interface Money {
  amount: string;
  currencyCode: string;
}

/** The JSON the thank-you extension renders (GET /api/extension/thank-you). */
export type ThankYouContent =
  | { status: "pending"; orderId: string; retryAfterMs: number }
  | {
      status: "ready";
      orderId: string;
      coupon: {
        code: string;
        expiresAt: string;
        discount: { type: "percentage"; percentage: number } | { type: "fixed_amount"; amount: Money };
        minimumSubtotal: Money | null;
      } | null;
      crossSell: { productId: string; title: string; url: string; imageUrl: string | null; price: Money } | null;
      /** In the shopper's language; each option's `value` is what the answer stores. */
      survey: (LocalizedSurvey & { answered: boolean }) | null;
      /** Guests only: where to create the account; the extension prefills it from the order's buyer details. */
      accountInvite: { url: string } | null;
    };

export interface ThankYouContentDependencies {
  useCases: OfferUseCases;
  facts: OrderFactsRepository;
  /** The survey's settings for the answer endpoints beside the page (the page itself reads them with the order). */
  surveys: SurveyRepository;
  /** The shops' bought-together pairs, read again only when a refresh moved their version. */
  crossSells: CrossSellCache;
  /**
   * Asks for the shop's first bought-together refresh (a deduped job) when it has never been computed; the
   * page shows no cross-sell until it has run (the merchant's preview asks too). Must not throw. Absent:
   * nothing is asked.
   */
  requestCrossSellRefresh?: (shop: { id: string; domain: string }) => Promise<void>;
}

/**
 * Everything the thank-you block shows for one order. The order must be known to Encore (imported by the
 * orders/create webhook or a sync); until it is, the answer is "pending" and the extension asks again.
 */
export async function buildThankYouContent(
  deps: ThankYouContentDependencies,
  options: {
    /** The shop the session token (or the preview) names: read with the order, in the page's one query. */
    shopDomain: string;
    orderGid: string;
    now: Date;
    locale: SurveyLocale;
    /** The merchant's preview: shows what the shopper would get, issuing and recording nothing. */
    preview?: boolean;
    /** The buyer the session token names (null for a guest); absent only for the merchant's preview. */
    buyer?: { customerGid: string | null };
  },
): Promise<ThankYouContent | "shop_not_installed"> {
  const { orderGid, now } = options;
  const read = await deps.facts.thankYouPage(options.shopDomain, orderGid);
  if (!read || read.shop.uninstalledAt) return "shop_not_installed";
  const shop = { id: read.shop.id, domain: read.shop.domain, currency: read.shop.currency };
  const pending = { status: "pending" as const, orderId: orderGid, retryAfterMs: 2_000 };
  const page = read.page;
  if (!page) return pending;
  const { order } = page;
  const access = options.buyer ? thankYouAccess({ tokenCustomerGid: options.buyer.customerGid, orderCustomerGid: order.customerGid, placedAt: order.placedAt, now }) : "decide";
  // Someone else's order looks exactly like one not arrived yet: nothing about it is revealed.
  if (access === "deny") return pending;

  const coupon = options.preview
    ? deps.useCases.previewCouponForOrder
    : access === "decide"
      ? deps.useCases.issueCouponForOrder
      : deps.useCases.existingDecisionForOrder;
  const decision = await coupon({ shop, order, now, storedDecision: page.decision });
  if (page.crossSellVersion === null) await deps.requestCrossSellRefresh?.(shop);
  const crossSell = page.crossSellVersion === null ? null : await deps.crossSells.pick(shop.id, page.crossSellVersion, page.productGids);
  const { settings: survey, answered } = page.survey;
  const currencyCode = decision?.currency ?? order.currency;
  const money = (amount: number): Money => ({ amount: amount.toFixed(2), currencyCode });
  const showCoupon = decision !== null && decision.outcome === "issued" && decision.discountStatus === "created" && decision.code && decision.expiresAt;
  return {
    status: "ready",
    orderId: orderGid,
    coupon: showCoupon
      ? {
          code: decision!.code!,
          expiresAt: decision!.expiresAt!.toISOString(),
          discount:
            decision!.discountType === "percentage"
              ? { type: "percentage", percentage: Number(decision!.discountValue) }
              : { type: "fixed_amount", amount: money(Number(decision!.discountValue)) },
          minimumSubtotal: decision!.minimumSubtotal === null ? null : money(Number(decision!.minimumSubtotal)),
        }
      : null,
    crossSell: crossSell
      ? {
          productId: crossSell.productGid,
          title: crossSell.title,
          url: `https://${shop.domain}/products/${encodeURIComponent(crossSell.handle)}`,
          imageUrl: crossSell.imageUrl,
          price: { amount: crossSell.price.toFixed(2), currencyCode: shop.currency },
        }
      : null,
    survey: survey.enabled ? { ...localizeSurvey(survey, options.locale), answered } : null,
    accountInvite: order.customerId === null ? { url: `https://${shop.domain}/account/register` } : null,
  };
}
