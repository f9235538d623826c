import { signAppProxyQuery } from "../../app/infra/storefront/app-proxy-signer";
import { DEMO_SHOP, TEST_SECRET } from "./shopify-signing";

/** `/proxy/<path>?…` signed exactly as Shopify's app proxy signs what it forwards. */
export function signedProxyPath(
  pathname: string,
  options: { query?: Record<string, string | string[]>; customerId?: string; shop?: string; secret?: string; timestamp?: number } = {},
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, item);
  }
  const signed = signAppProxyQuery(
    query,
    {
      shop: options.shop ?? DEMO_SHOP,
      loggedInCustomerId: options.customerId ?? "",
      pathPrefix: "/apps/encore",
      timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
    },
    options.secret ?? TEST_SECRET,
  );
  return `/proxy${pathname}?${signed.toString()}`;
}
