/**
 * The Admin GraphQL documents of the history backfill. The bulk queries are the ones the demo generator's
 * JSONL answers (app/domain/demo/to-bulk-jsonl.ts), so demo mode exercises exactly the production parser.
 */
export { DEMO_CUSTOMERS_BULK_QUERY as CUSTOMERS_BULK_QUERY, DEMO_ORDERS_BULK_QUERY as ORDERS_BULK_QUERY } from "../demo/to-bulk-jsonl";

export const RUN_BULK_QUERY = {
  name: "BulkOperationRunQuery",
  query: `mutation BulkOperationRunQuery($query: String!) {
  bulkOperationRunQuery(query: $query) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}`,
  userErrorsPath: ["bulkOperationRunQuery", "userErrors"],
};

export const BULK_OPERATION_STATUS = {
  name: "BulkOperationStatus",
  query: `query BulkOperationStatus($id: ID!) {
  bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl }
}`,
};

export const SHOP_DETAILS = {
  name: "ShopDetails",
  query: `query ShopDetails { shop { name currencyCode plan { displayName } } }`,
};

export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "EXPIRED" | "FAILED";

export interface BulkOperationNode {
  id: string;
  status: BulkOperationStatus;
  errorCode: string | null;
  objectCount: string;
  url: string | null;
}
