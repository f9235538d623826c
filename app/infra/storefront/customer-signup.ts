import type { PrismaClient } from "../db/database";
import type { AdminGraphqlClient, AdminOperation } from "../shopify/admin-graphql";
import { AppError } from "../../server/errors";

/**
 * The Admin API operations behind the storefront sign-up form. Each is named (demo clients and recorded
 * fixtures answer by name) and declares where its userErrors sit, so the client rejects on any of them.
 */
export const CUSTOMER_BY_EMAIL: AdminOperation = {
  name: "EncoreCustomerByEmail",
  query: `query EncoreCustomerByEmail($email: String!) {
  customerByIdentifier(identifier: { emailAddress: $email }) { id }
}`,
};

export const CUSTOMER_CREATE: AdminOperation = {
  name: "EncoreCustomerCreate",
  query: `mutation EncoreCustomerCreate($input: CustomerInput!) {
  customerCreate(input: $input) { customer { id } userErrors { field message } }
}`,
  userErrorsPath: ["customerCreate", "userErrors"],
};

export const CUSTOMER_EMAIL_CONSENT_UPDATE: AdminOperation = {
  name: "EncoreCustomerEmailMarketingConsentUpdate",
  query: `mutation EncoreCustomerEmailMarketingConsentUpdate($input: CustomerEmailMarketingConsentUpdateInput!) {
  customerEmailMarketingConsentUpdate(input: $input) { customer { id } userErrors { field message } }
}`,
  userErrorsPath: ["customerEmailMarketingConsentUpdate", "userErrors"],
};

export const METAFIELDS_SET: AdminOperation = {
  name: "EncoreMetafieldsSet",
  query: `mutation EncoreMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message } }
}`,
  userErrorsPath: ["metafieldsSet", "userErrors"],
};

/** Shopify's standard customer birthday metafield definition (namespace `facts`, key `birth_date`, type `date`). */
export const BIRTH_DATE_METAFIELD = { namespace: "facts", key: "birth_date", type: "date" } as const;

export interface SubscribeCustomerOptions {
  admin: AdminGraphqlClient;
  /** The signed-in shopper (verified `logged_in_customer_id`), or null: then `email` identifies them. */
  customerGid: string | null;
  email?: string;
  birthday?: string;
  now: Date;
}

/** `changed` is false when a signed-out sign-up named an existing customer, who is left as they were. */
export type SubscribeCustomerResult = { ok: true; customerGid: string | null; created: boolean; changed: boolean };

/**
 * Subscribes a shopper to email marketing (single opt-in, consent time = now) and records their birthday.
 * A signed-in shopper's consent and birthday are set (idempotently); a signed-out one only ever creates a new
 * customer, so a repeated or racing submission for an email already known changes nothing. Never logs or
 * returns the email.
 */
export async function subscribeCustomer(options: SubscribeCustomerOptions): Promise<SubscribeCustomerResult> {
  const { admin } = options;
  let customerGid = options.customerGid;
  let created = false;
  if (!customerGid) {
    if (!options.email) throw new AppError("VALIDATION_FAILED", "An email is required", { fields: [{ field: "email", message: "Enter your email address" }] });
    // Signed out, the email is only a claim: anyone can type someone else's. An existing customer's consent
    // and birthday are never changed on that claim (they subscribe when signed in, or through Shopify's own
    // double opt-in); the answer is the same either way, so the form tells no one whether the email is known.
    if (await findCustomerByEmail(admin, options.email)) return { ok: true, customerGid: null, created: false, changed: false };
    try {
      customerGid = await createSubscribedCustomer(admin, options.email, options.now);
      created = true;
    } catch (error) {
      // Another submission created the same customer between our lookup and create ("Email has already been taken").
      if (error instanceof AppError && error.code === "SHOPIFY_USER_ERROR" && (await findCustomerByEmail(admin, options.email))) {
        return { ok: true, customerGid: null, created: false, changed: false };
      }
      throw error;
    }
  }
  if (!created) {
    await admin.request(CUSTOMER_EMAIL_CONSENT_UPDATE, {
      input: {
        customerId: customerGid,
        emailMarketingConsent: {
          marketingState: "SUBSCRIBED",
          marketingOptInLevel: "SINGLE_OPT_IN",
          consentUpdatedAt: options.now.toISOString(),
        },
      },
    });
  }
  if (options.birthday) {
    await admin.request(METAFIELDS_SET, {
      metafields: [{ ownerId: customerGid, ...BIRTH_DATE_METAFIELD, value: options.birthday }],
    });
  }
  return { ok: true, customerGid, created, changed: true };
}

async function findCustomerByEmail(admin: AdminGraphqlClient, email: string): Promise<string | null> {
  const data = await admin.request<{ customerByIdentifier: { id: string } | null }>(CUSTOMER_BY_EMAIL, { email });
  return data.customerByIdentifier?.id ?? null;
}

async function createSubscribedCustomer(admin: AdminGraphqlClient, email: string, now: Date): Promise<string> {
  const data = await admin.request<{ customerCreate: { customer: { id: string } | null } }>(CUSTOMER_CREATE, {
    input: {
      email,
      emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: now.toISOString() },
    },
  });
  const id = data.customerCreate.customer?.id;
  if (!id) throw new AppError("SHOPIFY_UNAVAILABLE", "customerCreate returned no customer");
  return id;
}

/**
 * Encore's own copy of the birthday the sign-up wrote to Shopify (Customer.birthDate), which birthday offers
 * are decided from. Written only after subscribeCustomer changed the customer (`changed`: signed in, or newly
 * created), so a signed-out sign-up naming an existing customer changes nothing here either. A customer the
 * sign-up just created in Shopify is not known locally yet (its customers/create webhook comes later): their
 * row is created now with the GID and the date, and the webhook fills in the rest (it never writes birthDate).
 * `recorded` says whether a row took the date.
 */
export class SignupBirthDates {
  constructor(private readonly prisma: PrismaClient) {}

  async record(options: { shopDomain: string; result: SubscribeCustomerResult; birthday: string | undefined }): Promise<{ recorded: boolean }> {
    const { result, birthday } = options;
    if (!birthday || !result.changed || !result.customerGid) return { recorded: false };
    if (result.created) {
      const shop = await this.prisma.shop.findUnique({ where: { domain: options.shopDomain }, select: { id: true } });
      if (!shop) return { recorded: false };
      await this.prisma.customer.upsert({
        where: { shopId_shopifyGid: { shopId: shop.id, shopifyGid: result.customerGid } },
        create: { shopId: shop.id, shopifyGid: result.customerGid, birthDate: birthday },
        update: { birthDate: birthday },
      });
      return { recorded: true };
    }
    const { count } = await this.prisma.customer.updateMany({
      where: { shop: { domain: options.shopDomain }, shopifyGid: result.customerGid, redactedAt: null },
      data: { birthDate: birthday },
    });
    return { recorded: count > 0 };
  }
}
