/** Every admin string, English first; a translation is another object of the same shape. */
export const en = {
  appName: "Encore",
  nav: {
    overview: "Overview",
  },
  common: {
    retry: "Retry",
    loadFailed: "Could not load this page",
  },
  overview: {
    title: "Overview",
    subtitle: "How well your shop turns first-time buyers into repeat customers",
    customers: "Customers",
    customersHelp: "Customers with at least one order that was not cancelled.",
    orders: "Orders",
    ordersHelp: "Orders that were not cancelled, guest checkouts included.",
    repeatCustomerRate: "Repeat-customer rate",
    repeatCustomerRateHelp: "Share of customers with two or more orders.",
    averageOrdersPerCustomer: "Orders per customer",
    averageOrdersPerCustomerHelp: "Orders from customers divided by the number of customers.",
    averageOrderValue: "Average order value",
    averageOrderValueHelp: "Revenue divided by orders, guest checkouts included.",
    customerLifetimeValue: "Customer lifetime value",
    customerLifetimeValueHelp: "Orders per customer × average order value (historic).",
    emptyTitle: "No orders yet",
    emptyBody: "Encore computes your retention numbers as soon as your shop's order history is imported.",
  },
};

export type Strings = typeof en;
export const strings: Strings = en;
