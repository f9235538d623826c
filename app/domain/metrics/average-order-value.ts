import { ratio } from "./period-change";

/** Average order value (AOV) of a period: revenue / orders, guest checkouts included (they are real sales). */
export function averageOrderValue(counts: { revenue: number; orders: number }): number {
  return ratio(counts.revenue, counts.orders);
}
