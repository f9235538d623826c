/**
 * What a checkout / customer-account session token may do with an order's thank-you content. The token's
 * `sub` is the signed-in buyer's customer GID (absent for guests); the order is as Encore stored it.
 *
 * - A customer's order belongs to that customer only: any other token (another buyer, a guest) is refused.
 * - A guest order can only be matched by a guest token, and only while it is recent (the thank-you page
 *   right after checkout); a guest token only ever reads the decision made when the order arrived
 *   (orders/create), never makes one: otherwise anyone holding any checkout token could mint codes for old
 *   orders.
 * - The buyer's own recent order may have its decision made now (the thank-you page can beat the webhook);
 *   an older one only shows what was decided.
 */
export type ThankYouAccess = "deny" | "read" | "decide";

/** How long after checkout the thank-you page is still "right after" the order. */
export const RECENT_ORDER_MS = 24 * 60 * 60 * 1000;

export function thankYouAccess(input: { tokenCustomerGid: string | null; orderCustomerGid: string | null; placedAt: Date; now: Date }): ThankYouAccess {
  const age = input.now.getTime() - input.placedAt.getTime();
  const recent = age <= RECENT_ORDER_MS;
  if (input.orderCustomerGid !== null) {
    if (input.tokenCustomerGid !== input.orderCustomerGid) return "deny";
    return recent ? "decide" : "read";
  }
  if (input.tokenCustomerGid !== null) return "deny";
  return recent ? "read" : "deny";
}
