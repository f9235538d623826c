/**
 * The message Shopify signs for an app-proxy request, as documented in "Authenticate app proxies": every query
 * parameter except `signature`, values of a repeated parameter joined with commas, `key=value` pairs sorted by
 * key and concatenated without separators. The signature is the hex HMAC-SHA256 of this string under the app
 * secret. Verification in production goes through @shopify/shopify-api (`utils.validateHmac` with the
 * `appProxy` signator); this function is what signs requests in the demo proxy emulator and in tests, and a
 * test checks that both agree with each other and with Shopify's published example.
 */
export function appProxySigningMessage(params: Iterable<readonly [string, string]>): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    const values = grouped.get(key);
    if (values) values.push(value);
    else grouped.set(key, [value]);
  }
  // Code-unit order, as Shopify's reference implementations (Ruby's sort) compare keys.
  return [...grouped.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${key}=${grouped.get(key)!.join(",")}`)
    .join("");
}

/** Shopify's numeric customer id (`logged_in_customer_id`) as an Admin API GID; empty means signed out. */
export function customerGidFromProxyId(loggedInCustomerId: string | undefined): string | null {
  if (!loggedInCustomerId || !/^[1-9]\d{0,19}$/.test(loggedInCustomerId)) return null;
  return `gid://shopify/Customer/${loggedInCustomerId}`;
}
