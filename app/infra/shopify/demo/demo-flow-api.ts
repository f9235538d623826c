import { flowPayloadProblems } from "../../../domain/activation/flow-payloads";
import { AppError } from "../../../server/errors";
import type { AdminGraphqlClient, AdminOperation } from "../admin-graphql";
import { FLOW_TRIGGER_RECEIVE } from "../flow-operations";

export interface ReceivedFlowTrigger {
  handle: string;
  payload: Record<string, unknown>;
}

export type InjectedFlowFailure =
  /** Shopify does not answer (network error, 5xx, retries spent): nothing is received. */
  "unavailable";

/**
 * Demo mode's (and tests') Admin API for flowTriggerReceive. It accepts Encore's four trigger handles and
 * checks a payload as Flow does: the declared fields with their JSON types and at most 50,000
 * bytes of JSON. Problems come back as Shopify words them (userErrors on ["body"], "Errors
 * validating schema:" then one line per problem) and, like the production client, reject as an AppError. Every
 * call is recorded; `received` holds the triggers Flow would have run workflows for.
 */
export class DemoFlowApi implements AdminGraphqlClient {
  readonly calls: { operation: string; variables: Record<string, unknown> }[] = [];
  readonly received: ReceivedFlowTrigger[] = [];
  private readonly failures: InjectedFlowFailure[] = [];

  constructor(private readonly options: { latencyMs?: number } = {}) {}

  /** The next `count` calls fail this way. */
  failNext(failure: InjectedFlowFailure, count = 1): void {
    for (let index = 0; index < count; index++) this.failures.push(failure);
  }

  async request<T>(operation: AdminOperation, variables: Record<string, unknown> = {}): Promise<T> {
    this.calls.push({ operation: operation.name, variables: structuredClone(variables) });
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    if (operation.name !== FLOW_TRIGGER_RECEIVE.name) throw new AppError("INTERNAL", `The demo Flow API does not answer ${operation.name}`);
    if (this.failures.shift() === "unavailable") throw new AppError("SHOPIFY_UNAVAILABLE", "Shopify did not answer (injected)");
    const handle = String(variables.handle ?? "");
    const payload = variables.payload;
    const problems =
      payload === null || typeof payload !== "object" || Array.isArray(payload)
        ? ["Payload must be an object."]
        : flowPayloadProblems(handle, payload as Record<string, unknown>);
    if (problems.length > 0) {
      const message = `Errors validating schema:\n${problems.map((problem) => `  ${problem}\n`).join("")}`;
      throw new AppError("SHOPIFY_USER_ERROR", `${operation.name}: ${message}`, { fields: [{ field: "body", message }] });
    }
    this.received.push({ handle, payload: structuredClone(payload as Record<string, unknown>) });
    return { flowTriggerReceive: { userErrors: [] } } as T;
  }

  /** Triggers received for a handle. */
  receivedFor(handle: string): ReceivedFlowTrigger[] {
    return this.received.filter((trigger) => trigger.handle === handle);
  }
}
