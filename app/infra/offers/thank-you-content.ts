import { thankYouAccess } from "../../domain/offers/thank-you-access";
import { localizeSurvey, type LocalizedSurvey, type SurveyLocale } from "../../domain/offers/survey";
import type { OfferUseCases } from "./issue-coupon-for-order";
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
  surveys: SurveyRepository;
}

/**
 * Everything the thank-you block shows for one order. The order must be known to Encore (imported by the
 * orders/create webhook or a sync); until it is, the answer is "pending" and the extension asks again.
 */
export async function buildThankYouContent(
  deps: ThankYouContentDependencies,
  options: {
    shop: { id: string; domain: string; currency: string };
    orderGid: string;
    now: Date;
    locale: SurveyLocale;
    /** The merchant's preview: shows what the shopper would get, issuing and recording nothing. */
    preview?: boolean;
    /** The buyer the session token names (null for a guest); absent only for the merchant's preview. */
    buyer?: { customerGid: string | null };
  },
): Promise<ThankYouContent> {
  const { shop, orderGid, now } = options;
  const pending = { status: "pending" as const, orderId: orderGid, retryAfterMs: 2_000 };
  const order = await deps.facts.findOrder(shop.id, orderGid);
  if (!order) return pending;
  const access = options.buyer ? thankYouAccess({ tokenCustomerGid: options.buyer.customerGid, orderCustomerGid: order.customerGid, placedAt: order.placedAt, now }) : "decide";
  // Someone else's order looks exactly like one not arrived yet: nothing about it is revealed.
  if (access === "deny") return pending;

  const coupon = options.preview
    ? deps.useCases.previewCouponForOrder
    : access === "decide"
      ? deps.useCases.issueCouponForOrder
      : deps.useCases.existingDecisionForOrder;
  const [decision, crossSell, survey] = await Promise.all([
    coupon({ shop, order, now }),
    deps.facts.crossSell(shop.id, orderGid),
    deps.surveys.settings(shop.id),
  ]);
  const answered = survey.enabled ? await deps.surveys.hasAnswered(shop.id, orderGid, survey.question) : false;
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
