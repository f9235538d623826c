import { describe, expect, it } from "vitest";
import { AppError } from "../../../app/server/errors";
import type { AdminGraphqlClient, AdminOperation } from "../../../app/infra/shopify/admin-graphql";
import { subscribeCustomer } from "../../../app/infra/storefront/customer-signup";

const NOW = new Date("2026-05-01T10:00:00Z");

/** Records the operations and answers from a script, as a recorded-fixture client would. */
function scriptedAdmin(answers: Record<string, (variables: Record<string, any>) => unknown>) {
  const calls: { name: string; variables: Record<string, any> }[] = [];
  const admin: AdminGraphqlClient = {
    async request<T>(operation: AdminOperation, variables: Record<string, unknown> = {}) {
      calls.push({ name: operation.name, variables });
      const answer = answers[operation.name];
      if (!answer) throw new Error(`unexpected ${operation.name}`);
      return answer(variables) as T;
    },
  };
  return { admin, calls };
}

describe("subscribeCustomer", () => {
  it("creates an unknown shopper subscribed (single opt-in, consent time now) and sets facts.birth_date", async () => {
    const { admin, calls } = scriptedAdmin({
      EncoreCustomerByEmail: () => ({ customerByIdentifier: null }),
      EncoreCustomerCreate: () => ({ customerCreate: { customer: { id: "gid://shopify/Customer/5" }, userErrors: [] } }),
      EncoreMetafieldsSet: () => ({ metafieldsSet: { metafields: [{ id: "m" }], userErrors: [] } }),
    });
    const result = await subscribeCustomer({ admin, customerGid: null, email: "a@example.com", birthday: "1990-01-02", now: NOW });
    expect(result).toEqual({ ok: true, customerGid: "gid://shopify/Customer/5", created: true, changed: true });
    expect(calls.map((call) => call.name)).toEqual(["EncoreCustomerByEmail", "EncoreCustomerCreate", "EncoreMetafieldsSet"]);
    expect(calls[1].variables.input.emailMarketingConsent).toEqual({ marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: NOW.toISOString() });
    expect(calls[2].variables.metafields).toEqual([{ ownerId: "gid://shopify/Customer/5", namespace: "facts", key: "birth_date", type: "date", value: "1990-01-02" }]);
  });

  it("never changes an existing customer's consent or birthday on a signed-out sign-up (anyone can type their email)", async () => {
    const { admin, calls } = scriptedAdmin({
      EncoreCustomerByEmail: () => ({ customerByIdentifier: { id: "gid://shopify/Customer/9" } }),
    });
    const result = await subscribeCustomer({ admin, customerGid: null, email: "someone.else@example.com", birthday: "1990-01-02", now: NOW });
    expect(result).toEqual({ ok: true, customerGid: null, created: false, changed: false });
    expect(calls.map((call) => call.name)).toEqual(["EncoreCustomerByEmail"]);
  });

  it("leaves the customer a concurrent submission created first as it is", async () => {
    let lookups = 0;
    const { admin, calls } = scriptedAdmin({
      EncoreCustomerByEmail: () => ({ customerByIdentifier: lookups++ === 0 ? null : { id: "gid://shopify/Customer/7" } }),
      EncoreCustomerCreate: () => {
        throw new AppError("SHOPIFY_USER_ERROR", "Email has already been taken");
      },
      EncoreCustomerEmailMarketingConsentUpdate: () => ({ customerEmailMarketingConsentUpdate: { customer: null, userErrors: [] } }),
    });
    const result = await subscribeCustomer({ admin, customerGid: null, email: "a@example.com", now: NOW });
    expect(result).toEqual({ ok: true, customerGid: null, created: false, changed: false });
    expect(calls.map((call) => call.name)).toEqual(["EncoreCustomerByEmail", "EncoreCustomerCreate", "EncoreCustomerByEmail"]);
  });

  it("uses the signed-in customer's id and never looks an email up", async () => {
    const { admin, calls } = scriptedAdmin({
      EncoreCustomerEmailMarketingConsentUpdate: () => ({ customerEmailMarketingConsentUpdate: { customer: null, userErrors: [] } }),
    });
    await subscribeCustomer({ admin, customerGid: "gid://shopify/Customer/3", email: "ignored@example.com", now: NOW });
    expect(calls.map((call) => call.name)).toEqual(["EncoreCustomerEmailMarketingConsentUpdate"]);
  });

  it("passes other failures on", async () => {
    const { admin } = scriptedAdmin({
      EncoreCustomerByEmail: () => {
        throw new AppError("SHOPIFY_UNAVAILABLE", "throttled");
      },
    });
    await expect(subscribeCustomer({ admin, customerGid: null, email: "a@example.com", now: NOW })).rejects.toMatchObject({ code: "SHOPIFY_UNAVAILABLE" });
  });
});
