// The `shopify` global of each target module, as Shopify CLI generates it for 2025-10+ extensions.
import "@shopify/ui-extensions";

//@ts-ignore
declare module "./src/thank-you-block.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.thank-you.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}

//@ts-ignore
declare module "./src/order-status-block.tsx" {
  const shopify: import("@shopify/ui-extensions/customer-account.order-status.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
