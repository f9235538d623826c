/** @jsxImportSource preact */
// Target: customer-account.order-status.block.render (customers coming back to their order)
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { blockHost } from "./host";
import { OfferBlock } from "./offer-block";

export default async () => {
  const order = shopify.order.value;
  const customer = shopify.buyerIdentity?.customer.value;
  const buyer = { firstName: customer?.firstName ?? null, email: shopify.buyerIdentity?.email.value ?? null };
  render(<OfferBlock host={blockHost(shopify, order?.id ?? null, buyer)} />, document.body);
};
