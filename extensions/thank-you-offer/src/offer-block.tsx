/** @jsxImportSource preact */
import { useEffect, useState } from "preact/hooks";
import {
  couponLines,
  fetchThankYouContent,
  inviteText,
  formatMoney,
  isolate,
  submitSurveyAnswer,
  surveyStorageKey,
  type BackendOptions,
  type Buyer,
  type Formatters,
  type ThankYouContent,
} from "./thank-you-logic";

/** What a target module hands the block: read from its own `shopify` global, so the block serves both targets. */
export interface BlockHost {
  orderId: string | null;
  buyer: Buyer;
  backend: BackendOptions;
  format: Formatters;
  /** The buyer's language (e.g. "fa"), for the survey text. */
  locale: string | null;
  storage: { read<T>(key: string): Promise<T | null>; write(key: string, value: unknown): Promise<void> };
}

type SurveyState = "open" | "sending" | "answered";

export function OfferBlock({ host }: { host: BlockHost }) {
  const [content, setContent] = useState<ThankYouContent | null>(null);
  const [copied, setCopied] = useState(false);
  const [survey, setSurvey] = useState<SurveyState>("open");
  const t = host.format.translate;

  useEffect(() => {
    const orderId = host.orderId;
    if (!orderId) return;
    void (async () => {
      const [loaded, remembered] = await Promise.all([
        fetchThankYouContent({ ...host.backend, orderId, locale: host.locale ?? undefined }),
        host.storage.read<string>(surveyStorageKey(orderId)).catch(() => null),
      ]);
      if (loaded?.survey?.answered || remembered) setSurvey("answered");
      setContent(loaded);
    })();
  }, [host.orderId]);

  if (!content || !host.orderId) return null;
  const orderId = host.orderId;

  const answer = async (option: string) => {
    setSurvey("sending");
    const ok = await submitSurveyAnswer({ ...host.backend, orderId, answer: option });
    if (ok) await host.storage.write(surveyStorageKey(orderId), option).catch(() => undefined);
    setSurvey(ok ? "answered" : "open");
  };

  const coupon = content.coupon ? couponLines(content.coupon, host.format) : null;
  const invite = content.accountInvite ? inviteText(host.buyer, t) : null;
  return (
    <s-stack gap="base">
      {content.coupon && coupon && (
        <s-banner heading={t("coupon.heading")} tone="success">
          <s-stack gap="small-200">
            <s-text>{coupon.headline}</s-text>
            <s-stack direction="inline" gap="base" alignItems="center">
              <s-text type="strong" id="encore-coupon-code">
                {content.coupon.code}
              </s-text>
              <s-clipboard-item id="encore-copy-code" text={content.coupon.code} onCopy={() => setCopied(true)} />
              <s-button commandFor="encore-copy-code" command="--copy" variant="secondary">
                {copied ? t("coupon.copied") : t("coupon.copy")}
              </s-button>
            </s-stack>
            <s-text color="subdued">{coupon.expiry}</s-text>
            {coupon.minimum && <s-text color="subdued">{coupon.minimum}</s-text>}
          </s-stack>
        </s-banner>
      )}
      {content.crossSell && (
        <s-stack direction="inline" gap="base" alignItems="center">
          {content.crossSell.imageUrl && <s-product-thumbnail src={content.crossSell.imageUrl} alt={content.crossSell.title} />}
          <s-stack gap="small-300">
            <s-text color="subdued">{t("crossSell.heading")}</s-text>
            <s-link href={content.crossSell.url} target="_blank">
              {content.crossSell.title}
            </s-link>
            <s-text>{formatMoney(content.crossSell.price, host.format)}</s-text>
          </s-stack>
        </s-stack>
      )}
      {content.survey && (
        <s-stack gap="small-200" id="encore-survey">
          <s-heading>{isolate(content.survey.question)}</s-heading>
          {survey === "answered" ? (
            <s-text>{t("survey.thanks")}</s-text>
          ) : (
            <s-stack direction="inline" gap="small-200">
              {content.survey.options.map((option) => (
                <s-button key={option.value} variant="secondary" disabled={survey === "sending"} onClick={() => void answer(option.value)}>
                  {isolate(option.label)}
                </s-button>
              ))}
            </s-stack>
          )}
        </s-stack>
      )}
      {content.accountInvite && invite && (
        <s-banner heading={invite.heading} tone="info" id="encore-account-invite">
          <s-stack gap="small-200">
            <s-text>{invite.body}</s-text>
            <s-button href={content.accountInvite.url} target="_blank">
              {t("invite.cta")}
            </s-button>
          </s-stack>
        </s-banner>
      )}
    </s-stack>
  );
}
