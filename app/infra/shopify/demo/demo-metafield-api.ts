import { throttleDelayMs, type QueryCost } from "../../../domain/sync/throttle-backoff";
import { AppError } from "../../../server/errors";
import type { AdminGraphqlClient, AdminOperation, AdminResponse } from "../admin-graphql";
import type { MetafieldDefinitionNode } from "../metafield-operations";

export const DEMO_METAFIELD_OPERATIONS = [
  "EncoreMetafieldDefinitions",
  "EncoreMetafieldDefinitionCreate",
  "EncoreCustomerMetafieldsSet",
  "EncoreCustomerMetafieldsDelete",
] as const;

/**
 * Shopify's Standard-plan bucket: restores 100 points/s (shopify.dev …/graphql-admin/rate-limits); holds 2,000
 * (the `maximumAvailable` Standard shops report in `throttleStatus`). Advanced: 200/s, Plus: 1,000/s.
 */
export const STANDARD_PLAN_BUCKET = { maximumAvailable: 2_000, restoreRate: 100 } as const;

/** Mutations cost 10 points unless Shopify says otherwise; a query 1 per object (connection nodes included). */
const MUTATION_COST = 10;

export interface DemoMetafieldCall {
  operation: string;
  variables: Record<string, unknown>;
  /** false when the bucket refused the call (THROTTLED); the client then waited and retried. */
  accepted: boolean;
  cost: QueryCost;
}

interface StoredDefinition extends MetafieldDefinitionNode {
  validations: { name: string; value: string }[];
}

export interface DemoMetafieldApiOptions {
  bucket?: { maximumAvailable: number; restoreRate: number };
  /** Milliseconds; virtual in tests and the benchmark, so a 40-minute sync runs in seconds. */
  clock?: () => number;
  /** How the simulated client waits out THROTTLED (advances a virtual clock in tests and the benchmark). */
  sleep?: (ms: number) => Promise<void>;
  /** The API client id the `$app` prefix resolves to. */
  appId?: string;
  /** Whether a customer exists in "Shopify"; every customer GID does by default, except those passed to deleteOwner. */
  ownerExists?: (gid: string) => boolean | Promise<boolean>;
  /** Keep a copy of every call's variables (tests); the benchmark turns it off for 100k customers. */
  recordCalls?: boolean;
}

/**
 * Demo mode's (and tests') Admin API for Encore's customer metafields, answering from memory in Shopify's shape:
 * app-reserved namespaces resolve to `app--<id>--…`, definitions are unique per namespace and key (TAKEN),
 * metafieldsSet takes ≤ 25 metafields, checks values against the definition's type and `choices`, and is
 * atomic (any userError: nothing written); metafieldsDelete answers null for what is not there. Every call
 * draws on a simulated cost bucket (Standard plan by default) and reports `extensions.cost` like Shopify; a
 * call the bucket cannot cover is THROTTLED and, as the production client does, waited out and retried.
 */
export class DemoMetafieldApi implements AdminGraphqlClient {
  readonly calls: DemoMetafieldCall[] = [];
  readonly definitions = new Map<string, StoredDefinition>();
  /** Owner GID → "namespace.key" → value. */
  readonly metafields = new Map<string, Map<string, { type: string; value: string }>>();
  private readonly deletedOwners = new Set<string>();
  private readonly bucket: { maximumAvailable: number; restoreRate: number };
  private available: number;
  private refilledAt: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private nextId = 70_000_001;

  constructor(private readonly options: DemoMetafieldApiOptions = {}) {
    this.bucket = options.bucket ?? STANDARD_PLAN_BUCKET;
    this.clock = options.clock ?? (() => Date.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.available = this.bucket.maximumAvailable;
    this.refilledAt = this.clock();
  }

  /** The customer is gone in "Shopify" (its metafields with it): writes to it are refused from now on. */
  deleteOwner(gid: string): void {
    this.deletedOwners.add(gid);
    this.metafields.delete(gid);
  }

  callsTo(operationName: string): DemoMetafieldCall[] {
    return this.calls.filter((call) => call.operation === operationName && call.accepted);
  }

  /** A customer's metafields by key, in one namespace (`$app:encore` resolves as in writes). */
  ownerMetafields(gid: string, namespace = "$app:encore"): Record<string, string> {
    const prefix = `${this.resolveNamespace(namespace)}.`;
    const values: Record<string, string> = {};
    for (const [name, metafield] of this.metafields.get(gid) ?? []) if (name.startsWith(prefix)) values[name.slice(prefix.length)] = metafield.value;
    return values;
  }

  async request<T>(operation: AdminOperation, variables: Record<string, unknown> = {}): Promise<T> {
    return (await this.requestWithCost<T>(operation, variables)).data;
  }

  async requestWithCost<T>(operation: AdminOperation, variables: Record<string, unknown> = {}): Promise<AdminResponse<T>> {
    if (!(DEMO_METAFIELD_OPERATIONS as readonly string[]).includes(operation.name)) {
      throw new AppError("INTERNAL", `The demo metafield API does not answer ${operation.name}`);
    }
    let throttledMs = 0;
    for (let attempt = 1; attempt <= 5; attempt++) {
      this.refill();
      const requested = this.requestedCost(operation.name, variables);
      if (requested > this.available) {
        const cost: QueryCost = { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: this.status() };
        this.record(operation.name, variables, false, cost);
        const waitMs = throttleDelayMs(cost, attempt);
        await this.sleep(waitMs);
        throttledMs += waitMs;
        continue;
      }
      const data = await this.answer(operation.name, variables);
      const actual = this.actualCost(operation.name, data, requested);
      this.available -= actual;
      const cost: QueryCost = { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.status() };
      this.record(operation.name, variables, true, cost);
      return { data: data as T, cost, throttledMs, attempts: attempt };
    }
    throw new AppError("SHOPIFY_UNAVAILABLE", `Admin API ${operation.name} gave up after 5 attempts (throttled)`);
  }

  private record(operation: string, variables: Record<string, unknown>, accepted: boolean, cost: QueryCost): void {
    this.calls.push({ operation, variables: this.options.recordCalls === false ? {} : structuredClone(variables), accepted, cost });
  }

  private refill(): void {
    const now = this.clock();
    this.available = Math.min(this.bucket.maximumAvailable, this.available + ((now - this.refilledAt) / 1000) * this.bucket.restoreRate);
    this.refilledAt = now;
  }

  private status() {
    return { maximumAvailable: this.bucket.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.bucket.restoreRate };
  }

  private requestedCost(operation: string, variables: Record<string, unknown>): number {
    if (operation === "EncoreMetafieldDefinitions") return 2 + 50 * 3;
    const input = variables.metafields;
    if (Array.isArray(input) && input.length > 25) {
      throw new AppError("INTERNAL", `Admin API ${operation} failed: The input array size of ${input.length} is greater than the maximum allowed of 25.`);
    }
    return MUTATION_COST;
  }

  private actualCost(operation: string, data: unknown, requested: number): number {
    if (operation === "EncoreMetafieldDefinitions") return 2 + 3 * (data as { metafieldDefinitions: { nodes: unknown[] } }).metafieldDefinitions.nodes.length;
    return requested;
  }

  private resolveNamespace(namespace: string | undefined): string {
    const appId = this.options.appId ?? "4811923";
    if (!namespace || namespace === "$app") return `app--${appId}`;
    if (namespace.startsWith("$app:")) return `app--${appId}--${namespace.slice(5)}`;
    return namespace;
  }

  private async ownerExists(gid: string): Promise<boolean> {
    if (this.deletedOwners.has(gid)) return false;
    if (!/^gid:\/\/shopify\/Customer\/\d+$/.test(gid)) return false;
    return this.options.ownerExists ? await this.options.ownerExists(gid) : true;
  }

  private async answer(operation: string, variables: Record<string, any>): Promise<unknown> {
    switch (operation) {
      case "EncoreMetafieldDefinitions": {
        const namespace = this.resolveNamespace(variables.namespace);
        const nodes = [...this.definitions.values()].filter((definition) => definition.namespace === namespace).slice(0, 50);
        return { metafieldDefinitions: { nodes: nodes.map(({ validations: _validations, ...node }) => node) } };
      }
      case "EncoreMetafieldDefinitionCreate":
        return { metafieldDefinitionCreate: this.createDefinition(variables.definition ?? {}) };
      case "EncoreCustomerMetafieldsSet":
        return { metafieldsSet: await this.setMetafields(variables.metafields ?? []) };
      case "EncoreCustomerMetafieldsDelete":
        return { metafieldsDelete: this.deleteMetafields(variables.metafields ?? []) };
    }
    throw new AppError("INTERNAL", `The demo metafield API does not answer ${operation}`);
  }

  private createDefinition(input: Record<string, any>) {
    const namespace = this.resolveNamespace(input.namespace);
    const errors: { field: string[]; message: string; code: string }[] = [];
    if (input.ownerType !== "CUSTOMER") errors.push({ field: ["definition", "ownerType"], message: "Owner type is not supported by the demo", code: "INCLUSION" });
    if (!/^[A-Za-z0-9_-]{2,64}$/.test(String(input.key ?? ""))) errors.push({ field: ["definition", "key"], message: "Key is invalid", code: "INVALID" });
    if (!input.name) errors.push({ field: ["definition", "name"], message: "Name can't be blank", code: "BLANK" });
    if (input.access?.admin && !namespace.startsWith("app--")) {
      errors.push({ field: ["definition", "access", "admin"], message: "Admin access can only be specified for app-owned metafield definitions.", code: "ADMIN_ACCESS_INPUT_NOT_ALLOWED" });
    }
    const key = `${namespace}.${input.key}`;
    if (this.definitions.has(key)) errors.push({ field: ["definition", "key"], message: "Key is in use for Customer metafields on the 'app' namespace.", code: "TAKEN" });
    if (errors.length > 0) return { createdDefinition: null, userErrors: errors };
    const stored: StoredDefinition = {
      id: `gid://shopify/MetafieldDefinition/${this.nextId++}`,
      namespace,
      key: String(input.key),
      name: String(input.name),
      type: { name: String(input.type) },
      access: { admin: input.access?.admin ?? "MERCHANT_READ" },
      capabilities: { adminFilterable: { enabled: Boolean(input.capabilities?.adminFilterable?.enabled), eligible: true } },
      pinnedPosition: input.pin ? [...this.definitions.values()].filter((definition) => definition.pinnedPosition !== null).length + 1 : null,
      validations: input.validations ?? [],
    };
    this.definitions.set(key, stored);
    return { createdDefinition: { id: stored.id, namespace, key: stored.key }, userErrors: [] };
  }

  private async setMetafields(input: Record<string, any>[]) {
    const userErrors: { field: string[]; message: string; code: string; elementIndex: number }[] = [];
    const writes: { ownerId: string; name: string; type: string; value: string }[] = [];
    for (const [index, metafield] of input.entries()) {
      const fail = (field: string, message: string, code: string) => userErrors.push({ field: ["metafields", String(index), field], message, code, elementIndex: index });
      const ownerId = String(metafield.ownerId ?? "");
      const namespace = this.resolveNamespace(metafield.namespace);
      const definition = this.definitions.get(`${namespace}.${metafield.key}`);
      const type = String(metafield.type ?? definition?.type.name ?? "");
      const value = metafield.value;
      if (!(await this.ownerExists(ownerId))) {
        fail("ownerId", "Owner does not exist.", "INVALID");
        continue;
      }
      if (definition && type !== definition.type.name) {
        fail("type", `Type must be ${definition.type.name} to match the definition.`, "INVALID_TYPE");
        continue;
      }
      if (typeof value !== "string" || value === "") {
        fail("value", "Value can't be blank.", "BLANK");
        continue;
      }
      const problem = valueProblem(type, value, definition?.validations ?? []);
      if (problem) {
        fail("value", problem, "INVALID_VALUE");
        continue;
      }
      writes.push({ ownerId, name: `${namespace}.${metafield.key}`, type, value });
    }
    // Atomic, like Shopify: one refused element and nothing is written.
    if (userErrors.length > 0) return { userErrors };
    for (const write of writes) {
      const owned = this.metafields.get(write.ownerId) ?? new Map();
      owned.set(write.name, { type: write.type, value: write.value });
      this.metafields.set(write.ownerId, owned);
    }
    return { userErrors: [] };
  }

  private deleteMetafields(input: Record<string, any>[]) {
    const deletedMetafields = input.map((identifier) => {
      const ownerId = String(identifier.ownerId ?? "");
      const namespace = this.resolveNamespace(identifier.namespace);
      const owned = this.metafields.get(ownerId);
      if (!owned?.delete(`${namespace}.${identifier.key}`)) return null;
      return { ownerId, namespace, key: String(identifier.key) };
    });
    return { deletedMetafields, userErrors: [] };
  }
}

/** Why Shopify would refuse this value for this type and validations (null: it is fine). */
function valueProblem(type: string, value: string, validations: { name: string; value: string }[]): string | null {
  const rule = (name: string) => validations.find((validation) => validation.name === name)?.value;
  switch (type) {
    case "number_decimal":
    case "number_integer": {
      const pattern = type === "number_integer" ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
      if (!pattern.test(value)) return `Value must be a ${type === "number_integer" ? "whole number" : "decimal number"}.`;
      const number = Number(value);
      const min = rule("min");
      const max = rule("max");
      if (min !== undefined && number < Number(min)) return `Value must be greater than or equal to ${min}.`;
      if (max !== undefined && number > Number(max)) return `Value must be less than or equal to ${max}.`;
      return null;
    }
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? null : "Value must be a date (YYYY-MM-DD).";
    case "single_line_text_field": {
      if (value.includes("\n")) return "Value must be a single line.";
      const choices = rule("choices");
      if (choices !== undefined && !(JSON.parse(choices) as string[]).includes(value)) return `Value does not exist in provided choices: ${choices}.`;
      return null;
    }
    default:
      return null;
  }
}
