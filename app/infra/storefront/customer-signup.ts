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

export type SubscribeCustomerResult = { ok: true; customerGid: string; created: boolean };

/**
 * Subscribes a shopper to email marketing (single opt-in, consent time = now) and records their birthday.
 * Idempotent: a repeated submission finds the customer by email (or id) and sets the same consent and
 * metafield again; a create that loses a race with another submission for the same email falls back to the
 * lookup. Never logs or returns the email.
 */
export async function subscribeCustomer(options: SubscribeCustomerOptions): Promise<SubscribeCustomerResult> {
  const { admin } = options;
  let customerGid = options.customerGid;
  let created = false;
  if (!customerGid) {
    if (!options.email) throw new AppError("VALIDATION_FAILED", "An email is required", { fields: [{ field: "email", message: "Enter your email address" }] });
    customerGid = await findCustomerByEmail(admin, options.email);
    if (!customerGid) {
      try {
        customerGid = await createSubscribedCustomer(admin, options.email, options.now);
        created = true;
      } catch (error) {
        // Another submission created the same customer between our lookup and create ("Email has already been taken").
        customerGid = error instanceof AppError && error.code === "SHOPIFY_USER_ERROR" ? await findCustomerByEmail(admin, options.email) : null;
        if (!customerGid) throw error;
      }
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
  return { ok: true, customerGid, created };
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
