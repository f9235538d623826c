import { ratio } from "./period-change";

/** Average orders per customer of a period: orders placed by customers in the period / the period's buyers. */
export function averageOrdersPerCustomer(counts: { customerOrders: number; buyers: number }): number {
  return ratio(counts.customerOrders, counts.buyers);
}
