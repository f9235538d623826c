import { AppError } from "../../../server/errors";
import type { AdminClientFactory, AdminGraphqlClient, AdminOperation, AdminResponse } from "../admin-graphql";
import { DemoDiscountApi } from "./demo-discount-api";
import { DemoFlowApi } from "./demo-flow-api";
import { DEMO_METAFIELD_OPERATIONS, DemoMetafieldApi } from "./demo-metafield-api";
import { FLOW_TRIGGER_RECEIVE } from "../flow-operations";

/** The demo shop's bucket: Shopify Plus's (1,000 points/s, 20,000 held), so the first sync of 5,000 customers never waits. */
export const DEMO_SHOP_BUCKET = { maximumAvailable: 20_000, restoreRate: 1_000 } as const;

export interface DemoAdminApis {
  discounts: DemoDiscountApi;
  metafields: DemoMetafieldApi;
  flow: DemoFlowApi;
}

/**
 * Demo mode's Admin API for everything the app writes to Shopify (discount codes, customer metafields, Flow
 * triggers): one client that hands each named operation to the local implementation answering it in Shopify's
 * shape. What they were asked to do is what Settings → Activity lists (the use cases record it either way).
 */
export function createDemoAdminClients(apis: DemoAdminApis = defaultDemoAdminApis()): AdminClientFactory & { apis: DemoAdminApis } {
  const routes = new Map<string, AdminGraphqlClient>([
    ["DiscountCodeBasicCreate", apis.discounts],
    ["CodeDiscountNodeByCode", apis.discounts],
    [FLOW_TRIGGER_RECEIVE.name, apis.flow],
    ...DEMO_METAFIELD_OPERATIONS.map((name) => [name, apis.metafields] as const),
  ]);
  const route = (operation: AdminOperation): AdminGraphqlClient => {
    const target = routes.get(operation.name);
    if (!target) throw new AppError("INTERNAL", `The demo Admin API does not answer ${operation.name}`);
    return target;
  };
  const client: AdminGraphqlClient = {
    request: (operation, variables) => route(operation).request(operation, variables),
    // The metafield API reports each call's cost like Shopify, so the sync paces itself in demo mode too.
    async requestWithCost<T>(operation: AdminOperation, variables?: Record<string, unknown>): Promise<AdminResponse<T>> {
      const target = route(operation);
      if (target.requestWithCost) return target.requestWithCost<T>(operation, variables);
      return { data: await target.request<T>(operation, variables), cost: null, throttledMs: 0, attempts: 1 };
    },
  };
  return Object.assign(async () => client, { apis });
}

function defaultDemoAdminApis(): DemoAdminApis {
  return {
    discounts: new DemoDiscountApi(),
    // Calls are not kept: the demo runs for days; the rows the use cases write are the record.
    metafields: new DemoMetafieldApi({ bucket: DEMO_SHOP_BUCKET, recordCalls: false }),
    flow: new DemoFlowApi(),
  };
}
