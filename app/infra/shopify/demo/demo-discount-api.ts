import type { AdminGraphqlClient, AdminOperation } from "../admin-graphql";
import { AppError } from "../../../server/errors";

export interface RecordedCall {
  operation: string;
  variables: Record<string, unknown>;
}

interface StoredDiscount {
  id: string;
  code: string;
  input: Record<string, unknown>;
}

export type InjectedFailure =
  /** The request never reaches Shopify (network error, 5xx): nothing is created. */
  | "unavailable"
  /** Shopify creates the discount but the response is lost (timeout): a retry meets "taken". */
  | "lost_response";

/**
 * Demo mode's Admin API for discount operations, answering from local data: creates and looks up basic code
 * discounts in memory with Shopify's rules (codes unique per shop, case-insensitively), records every call
 * so tests can count them, and can be told to fail the next calls the two ways a network fails.
 */
export class DemoDiscountApi implements AdminGraphqlClient {
  readonly calls: RecordedCall[] = [];
  private readonly discounts = new Map<string, StoredDiscount>();
  private readonly failures: InjectedFailure[] = [];
  private nextId = 1_900_000_001;

  constructor(private readonly options: { latencyMs?: number } = {}) {}

  /** The next `count` discountCodeBasicCreate calls fail this way. */
  failNextCreates(failure: InjectedFailure, count = 1): void {
    for (let index = 0; index < count; index++) this.failures.push(failure);
  }

  callsTo(operationName: string): RecordedCall[] {
    return this.calls.filter((call) => call.operation === operationName);
  }

  discountByCode(code: string): StoredDiscount | undefined {
    return this.discounts.get(code.toUpperCase());
  }

  async request<T>(operation: AdminOperation, variables: Record<string, unknown> = {}): Promise<T> {
    this.calls.push({ operation: operation.name, variables: structuredClone(variables) });
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    switch (operation.name) {
      case "DiscountCodeBasicCreate":
        return this.create(variables.basicCodeDiscount as Record<string, unknown>) as T;
      case "CodeDiscountNodeByCode": {
        const found = this.discountByCode(String(variables.code));
        return { codeDiscountNodeByCode: found ? { id: found.id } : null } as T;
      }
      default:
        throw new AppError("INTERNAL", `The demo discount API does not answer ${operation.name}`);
    }
  }

  private create(input: Record<string, unknown>) {
    const failure = this.failures.shift();
    if (failure === "unavailable") throw new AppError("SHOPIFY_UNAVAILABLE", "Shopify did not answer (injected)");
    const code = String(input.code ?? "");
    const userErrors: { field: string[]; code: string; message: string }[] = [];
    if (!code) userErrors.push({ field: ["basicCodeDiscount", "code"], code: "BLANK", message: "Code can't be blank" });
    if (!input.title) userErrors.push({ field: ["basicCodeDiscount", "title"], code: "BLANK", message: "Title can't be blank" });
    if (!input.context) userErrors.push({ field: ["basicCodeDiscount", "context"], code: "BLANK", message: "Context can't be blank" });
    if (this.discounts.has(code.toUpperCase())) {
      userErrors.push({ field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique. Please try a different code." });
    }
    if (userErrors.length > 0) return { discountCodeBasicCreate: { codeDiscountNode: null, userErrors } };
    const stored = { id: `gid://shopify/DiscountCodeNode/${this.nextId++}`, code, input: structuredClone(input) };
    this.discounts.set(code.toUpperCase(), stored);
    if (failure === "lost_response") throw new AppError("SHOPIFY_UNAVAILABLE", "Response lost after the discount was created (injected)");
    return { discountCodeBasicCreate: { codeDiscountNode: { id: stored.id }, userErrors: [] } };
  }
}
