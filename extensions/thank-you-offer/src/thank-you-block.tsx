/** @jsxImportSource preact */
// Target: purchase.thank-you.block.render
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { blockHost } from "./host";
import { OfferBlock } from "./offer-block";

export default async () => {
  const order = shopify.orderConfirmation.value.order;
  const address = shopify.shippingAddress?.value ?? shopify.billingAddress?.value;
  const buyer = { firstName: address?.firstName ?? null, email: shopify.buyerIdentity?.email?.value ?? null };
  render(<OfferBlock host={blockHost(shopify, order.id, buyer)} />, document.body);
};
