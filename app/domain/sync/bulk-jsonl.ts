/**
 * Parsing of Shopify bulk-operation results (JSONL). A bulk result flattens connections: each node is one line,
 * and a nested connection's node carries `__parentId` (its parent's id) and follows its parent. So an order's
 * line items arrive right after the order, and an order is complete when the next root line starts.
 * See https://shopify.dev/docs/api/usage/bulk-operations/queries (JSONL format).
 */
import {
  dateField,
  decimalField,
  gidField,
  optionalDateField,
  optionalString,
  RecordShapeError,
  type CustomerRecord,
  type LineItemRecord,
  type OrderRecord,
} from "./commerce-records";

export type BulkLineResult =
  | { kind: "customer"; record: CustomerRecord }
  | { kind: "order"; record: OrderRecord }
  | { kind: "lineItem"; parentId: string; record: LineItemRecord }
  | { kind: "malformed"; reason: string };

type Node = Record<string, unknown>;

/** Parses one JSONL line into a record; never throws (a bad line is a value, counted and skipped). */
export function parseBulkLine(line: string): BulkLineResult {
  let node: unknown;
  try {
    node = JSON.parse(line);
  } catch {
    return { kind: "malformed", reason: "not valid JSON" };
  }
  if (typeof node !== "object" || node === null || Array.isArray(node)) return { kind: "malformed", reason: "not a JSON object" };
  const id = (node as Node).id;
  try {
    if (typeof id !== "string") throw new RecordShapeError("id", "missing");
    if (id.startsWith("gid://shopify/Order/")) return { kind: "order", record: orderFromBulkNode(node as Node) };
    if (id.startsWith("gid://shopify/LineItem/")) {
      const parentId = (node as Node).__parentId;
      if (typeof parentId !== "string") throw new RecordShapeError("__parentId", "missing on a line item");
      return { kind: "lineItem", parentId, record: lineItemFromBulkNode(node as Node) };
    }
    if (id.startsWith("gid://shopify/Customer/")) return { kind: "customer", record: customerFromBulkNode(node as Node) };
    throw new RecordShapeError("id", "not an Order, LineItem or Customer id");
  } catch (error) {
    if (error instanceof RecordShapeError) return { kind: "malformed", reason: error.message };
    throw error;
  }
}

function shopMoney(node: Node, field: string): string {
  const bag = node[field] as { shopMoney?: { amount?: unknown } } | null | undefined;
  return decimalField(bag?.shopMoney?.amount, `${field}.shopMoney.amount`);
}

function nestedId(node: Node, field: string): string | null {
  const value = node[field] as { id?: unknown } | null | undefined;
  return typeof value?.id === "string" ? value.id : null;
}

export function orderFromBulkNode(node: Node): OrderRecord {
  const codes = node.discountCodes;
  if (codes !== undefined && codes !== null && (!Array.isArray(codes) || codes.some((code) => typeof code !== "string"))) {
    throw new RecordShapeError("discountCodes", "expected a list of strings");
  }
  const currency = optionalString(node.currencyCode);
  if (!currency) throw new RecordShapeError("currencyCode", "missing");
  return {
    shopifyGid: gidField(node.id, "Order", "id"),
    name: optionalString(node.name),
    customerGid: nestedId(node, "customer"),
    currency,
    totalPrice: shopMoney(node, "totalPriceSet"),
    subtotalPrice: node.subtotalPriceSet ? shopMoney(node, "subtotalPriceSet") : "0",
    totalDiscounts: node.totalDiscountsSet ? shopMoney(node, "totalDiscountsSet") : "0",
    discountCodes: (codes as string[] | null | undefined) ?? [],
    placedAt: dateField(node.createdAt, "createdAt"),
    processedAt: optionalDateField(node.processedAt, "processedAt"),
    cancelledAt: optionalDateField(node.cancelledAt, "cancelledAt"),
    shopifyUpdatedAt: optionalDateField(node.updatedAt, "updatedAt"),
    lineItems: [],
  };
}

export function lineItemFromBulkNode(node: Node): LineItemRecord {
  const quantity = node.quantity;
  if (typeof quantity !== "number" || !Number.isInteger(quantity)) throw new RecordShapeError("quantity", "expected an integer");
  return {
    shopifyGid: gidField(node.id, "LineItem", "id"),
    productGid: nestedId(node, "product"),
    variantGid: nestedId(node, "variant"),
    title: typeof node.title === "string" ? node.title : "",
    quantity,
    unitPrice: shopMoney(node, "originalUnitPriceSet"),
  };
}

export function customerFromBulkNode(node: Node): CustomerRecord {
  const address = node.defaultAddress as { city?: unknown; countryCodeV2?: unknown } | null | undefined;
  // Newer API versions move contact details to defaultEmailAddress / defaultPhoneNumber.
  const email = (node.defaultEmailAddress as { emailAddress?: unknown } | null | undefined)?.emailAddress ?? node.email;
  const phone = (node.defaultPhoneNumber as { phoneNumber?: unknown } | null | undefined)?.phoneNumber ?? node.phone;
  return {
    shopifyGid: gidField(node.id, "Customer", "id"),
    firstName: optionalString(node.firstName),
    lastName: optionalString(node.lastName),
    email: optionalString(email),
    phone: optionalString(phone),
    city: optionalString(address?.city),
    countryCode: optionalString(address?.countryCodeV2),
    shopifyCreatedAt: optionalDateField(node.createdAt, "createdAt"),
    shopifyUpdatedAt: optionalDateField(node.updatedAt, "updatedAt"),
  };
}

export interface AssembledUnit {
  /** The record (an order with all its line items, or a customer). */
  record: { kind: "customer"; value: CustomerRecord } | { kind: "order"; value: OrderRecord };
  /** The last line number belonging to it: everything up to here can be committed together. */
  lastLine: number;
}

/**
 * Joins line items to their order by `__parentId` while streaming. Holds at most one incomplete order.
 * Commit positions are unit boundaries, so a resumed import never starts in the middle of an order.
 */
export class BulkRecordAssembler {
  private pending: { order: OrderRecord; firstLine: number; lastLine: number } | null = null;
  private readonly malformed: { line: number; reason: string }[] = [];

  /** Feeds line `lineNumber`; returns the units completed by it (the previous order when a new root starts). */
  push(line: string, lineNumber: number): AssembledUnit[] {
    const parsed = parseBulkLine(line);
    switch (parsed.kind) {
      case "lineItem":
        if (this.pending && this.pending.order.shopifyGid === parsed.parentId) {
          this.pending.order.lineItems.push(parsed.record);
          this.pending.lastLine = lineNumber;
        } else {
          this.malformed.push({ line: lineNumber, reason: "line item whose parent order is not the preceding order" });
        }
        return [];
      case "malformed":
        this.malformed.push({ line: lineNumber, reason: parsed.reason });
        return [];
      case "order": {
        const done = this.flush();
        this.pending = { order: parsed.record, firstLine: lineNumber, lastLine: lineNumber };
        return done;
      }
      case "customer": {
        const done = this.flush();
        done.push({ record: { kind: "customer", value: parsed.record }, lastLine: lineNumber });
        return done;
      }
    }
  }

  /** Completes the pending order (end of input). */
  flush(): AssembledUnit[] {
    if (!this.pending) return [];
    const unit: AssembledUnit = { record: { kind: "order", value: this.pending.order }, lastLine: this.pending.lastLine };
    this.pending = null;
    return [unit];
  }

  /** The first line of the incomplete order, if any: the resume position must stay before it. */
  get pendingSince(): number | null {
    return this.pending ? this.pending.firstLine : null;
  }

  /** Malformed lines up to and including `line`, removed from the buffer (reported once, with the commit). */
  takeMalformed(upToLine: number): { line: number; reason: string }[] {
    const taken: { line: number; reason: string }[] = [];
    while (this.malformed.length > 0 && this.malformed[0].line <= upToLine) taken.push(this.malformed.shift()!);
    return taken;
  }
}

/** Import progress in percent (0–100), from lines read and the bulk operation's object count. */
export function importPercent(linesRead: number, totalLines: number | null | undefined): number | null {
  if (!totalLines || totalLines <= 0) return null;
  return Math.min(100, Math.round((linesRead / totalLines) * 1000) / 10);
}
