import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appProxySigningMessage, customerGidFromProxyId } from "../../../app/domain/storefront/proxy-signature";

describe("appProxySigningMessage", () => {
  it("reproduces Shopify's documented example (secret 'hush')", () => {
    // https://shopify.dev/docs/apps/build/online-store/app-proxies/authenticate-app-proxies
    const query = new URLSearchParams(
      "extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb",
    );
    const message = appProxySigningMessage(query);
    expect(message).toBe("extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=shop-name.myshopify.comtimestamp=1317327555");
    expect(createHmac("sha256", "hush").update(message).digest("hex")).toBe(query.get("signature"));
  });

  it.each([
    ["sorts keys by code unit", [["b", "2"], ["a", "1"], ["B", "3"]], "B=3a=1b=2"],
    ["drops signature only", [["signature", "x"], ["hmac", "y"]], "hmac=y"],
    ["keeps empty values", [["logged_in_customer_id", ""]], "logged_in_customer_id="],
    ["joins repeated values in order", [["tag", "z"], ["tag", "a"]], "tag=z,a"],
    ["uses decoded values", [["q", "a b&c=d"]], "q=a b&c=d"],
  ] as const)("%s", (_name, params, expected) => {
    expect(appProxySigningMessage(params as unknown as [string, string][])).toBe(expected);
  });
});

describe("customerGidFromProxyId", () => {
  it.each([
    ["123", "gid://shopify/Customer/123"],
    ["", null],
    [undefined, null],
    ["0", null],
    ["12a", null],
    ["gid://shopify/Customer/1", null],
  ])("%s → %s", (input, expected) => {
    expect(customerGidFromProxyId(input)).toBe(expected);
  });
});
