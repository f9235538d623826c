import { randomInt } from "node:crypto";
import type { PrismaClient } from "../../db/database";
import { AppError } from "../../../server/errors";
import type { AdminGraphqlClient, AdminOperation } from "../admin-graphql";

/** What the demo shop "knows" beyond the Customer table (which has no consent or metafield columns). */
export interface DemoCustomerFacts {
  emailMarketing: Map<string, { marketingState: string; marketingOptInLevel: string | null; consentUpdatedAt: string | null }>;
  metafields: Map<string, Map<string, { type: string; value: string }>>;
}

export const DEMO_CUSTOMER_OPERATIONS = [
  "EncoreCustomerByEmail",
  "EncoreCustomerCreate",
  "EncoreCustomerEmailMarketingConsentUpdate",
  "EncoreMetafieldsSet",
] as const;

/**
 * Demo mode's Admin API for the storefront's customer operations, answering from the demo shop's local data
 * exactly in the shape Shopify answers: customers are the shop's Customer rows (customerCreate inserts one),
 * email marketing consent and metafields live in `facts` (in memory for the process). Like the production
 * client it rejects with an AppError when a mutation has userErrors, and it refuses operations it does not know.
 */
export function createDemoCustomerApi(options: {
  prisma: PrismaClient;
  shopDomain: string;
  facts?: DemoCustomerFacts;
}): AdminGraphqlClient & { facts: DemoCustomerFacts } {
  const facts: DemoCustomerFacts = options.facts ?? { emailMarketing: new Map(), metafields: new Map() };
  const { prisma } = options;

  async function shopId(): Promise<string> {
    const shop = await prisma.shop.findUnique({ where: { domain: options.shopDomain }, select: { id: true } });
    if (!shop) throw new AppError("NOT_FOUND", "The demo shop is not seeded");
    return shop.id;
  }

  async function customerExists(gid: string): Promise<boolean> {
    return (await prisma.customer.count({ where: { shopId: await shopId(), shopifyGid: gid, redactedAt: null } })) > 0;
  }

  function userErrors(operation: AdminOperation, errors: { field: string[]; message: string }[]): never {
    throw new AppError("SHOPIFY_USER_ERROR", `${operation.name}: ${errors.map((error) => error.message).join("; ")}`, {
      fields: errors.map((error) => ({ field: error.field.join("."), message: error.message })),
    });
  }

  const handlers: Record<(typeof DEMO_CUSTOMER_OPERATIONS)[number], (operation: AdminOperation, variables: Record<string, any>) => Promise<unknown>> = {
    async EncoreCustomerByEmail(_operation, variables) {
      const customer = await prisma.customer.findFirst({
        where: { shopId: await shopId(), email: { equals: String(variables.email), mode: "insensitive" }, redactedAt: null },
        select: { shopifyGid: true },
      });
      return { customerByIdentifier: customer ? { id: customer.shopifyGid } : null };
    },
    async EncoreCustomerCreate(operation, variables) {
      const input = variables.input ?? {};
      const email = String(input.email ?? "").trim();
      const id = await shopId();
      const gid = `gid://shopify/Customer/${9_000_000_000 + randomInt(1_000_000_000)}`;
      // Shopify keeps customer emails unique atomically; the Customer table has no such constraint, so
      // concurrent creates for one email are serialized by a transaction-scoped advisory lock.
      const created = await prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${id}:${email.toLowerCase()}`}))`;
        const taken = await tx.customer.count({ where: { shopId: id, email: { equals: email, mode: "insensitive" } } });
        if (taken > 0) return false;
        await tx.customer.create({ data: { shopId: id, shopifyGid: gid, email, firstName: input.firstName ?? null, lastName: input.lastName ?? null } });
        return true;
      });
      if (!created) userErrors(operation, [{ field: ["email"], message: "Email has already been taken" }]);
      if (input.emailMarketingConsent) setConsent(gid, input.emailMarketingConsent);
      return { customerCreate: { customer: { id: gid }, userErrors: [] } };
    },
    async EncoreCustomerEmailMarketingConsentUpdate(operation, variables) {
      const input = variables.input ?? {};
      const gid = String(input.customerId ?? "");
      if (!(await customerExists(gid))) userErrors(operation, [{ field: ["input", "customerId"], message: "Customer not found" }]);
      const state = input.emailMarketingConsent?.marketingState;
      if (!["SUBSCRIBED", "UNSUBSCRIBED", "PENDING"].includes(state)) {
        userErrors(operation, [{ field: ["input", "emailMarketingConsent", "marketingState"], message: "Marketing state is invalid" }]);
      }
      setConsent(gid, input.emailMarketingConsent);
      return { customerEmailMarketingConsentUpdate: { customer: { id: gid }, userErrors: [] } };
    },
    async EncoreMetafieldsSet(operation, variables) {
      const metafields: { ownerId: string; namespace: string; key: string; type: string; value: string }[] = variables.metafields ?? [];
      for (const [index, metafield] of metafields.entries()) {
        if (!(await customerExists(metafield.ownerId))) {
          userErrors(operation, [{ field: ["metafields", String(index), "ownerId"], message: "Owner does not exist" }]);
        }
        if (metafield.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(metafield.value)) {
          userErrors(operation, [{ field: ["metafields", String(index), "value"], message: "Value must be a date" }]);
        }
      }
      for (const metafield of metafields) {
        const owned = facts.metafields.get(metafield.ownerId) ?? new Map();
        owned.set(`${metafield.namespace}.${metafield.key}`, { type: metafield.type, value: metafield.value });
        facts.metafields.set(metafield.ownerId, owned);
      }
      return { metafieldsSet: { metafields: metafields.map((m) => ({ id: `${m.ownerId}/${m.namespace}.${m.key}` })), userErrors: [] } };
    },
  };

  function setConsent(gid: string, consent: { marketingState: string; marketingOptInLevel?: string; consentUpdatedAt?: string }) {
    facts.emailMarketing.set(gid, {
      marketingState: consent.marketingState,
      marketingOptInLevel: consent.marketingOptInLevel ?? null,
      consentUpdatedAt: consent.consentUpdatedAt ?? null,
    });
  }

  return {
    facts,
    async request<T>(operation: AdminOperation, variables: Record<string, unknown> = {}): Promise<T> {
      const handler = handlers[operation.name as keyof typeof handlers];
      if (!handler) throw new AppError("INTERNAL", `The demo customer API does not implement ${operation.name}`);
      return (await handler(operation, variables)) as T;
    },
  };
}
