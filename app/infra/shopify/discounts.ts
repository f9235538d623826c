import { AppError } from "../../server/errors";
import type { AdminGraphqlClient, AdminOperation } from "./admin-graphql";

/**
 * Encore's single-use next-purchase codes as Shopify basic code discounts (Admin GraphQL 2026-10:
 * `DiscountCodeBasicInput` with `context`, which replaced the deprecated `customerSelection`).
 */
export interface NextPurchaseDiscount {
  code: string;
  title: string;
  discountType: "percentage" | "fixed_amount";
  /** Percent (e.g. 15) or an amount in shop currency. */
  discountValue: number;
  minimumSubtotal: number | null;
  /** Locks the code to this customer; null (guest order) leaves it open to any buyer, still single-use. */
  customerGid: string | null;
  startsAt: Date;
  endsAt: Date;
}

export const DISCOUNT_CODE_BASIC_CREATE: AdminOperation = {
  name: "DiscountCodeBasicCreate",
  query: `mutation DiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field code message }
  }
}`,
};

export const CODE_DISCOUNT_NODE_BY_CODE: AdminOperation = {
  name: "CodeDiscountNodeByCode",
  query: `query CodeDiscountNodeByCode($code: String!) {
  codeDiscountNodeByCode(code: $code) { id }
}`,
};

export interface DiscountUserError {
  field: string[] | null;
  code: string | null;
  message: string;
}

interface CreatePayload {
  discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: DiscountUserError[] };
}

export function basicCodeDiscountInput(discount: NextPurchaseDiscount): Record<string, unknown> {
  return {
    title: discount.title,
    code: discount.code,
    startsAt: discount.startsAt.toISOString(),
    endsAt: discount.endsAt.toISOString(),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: discount.customerGid ? { customers: { add: [discount.customerGid] } } : { all: "ALL" },
    customerGets: {
      items: { all: true },
      value:
        discount.discountType === "percentage"
          ? { percentage: discount.discountValue / 100 }
          : { discountAmount: { amount: discount.discountValue.toFixed(2), appliesOnEachItem: false } },
    },
    minimumRequirement:
      discount.minimumSubtotal !== null ? { subtotal: { greaterThanOrEqualToSubtotal: discount.minimumSubtotal.toFixed(2) } } : null,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
  };
}

/**
 * Creates the discount, or finds the one an earlier attempt already created: codes are unique per shop, so
 * retrying with the same code after a lost response answers "taken" instead of creating a second discount,
 * and the existing discount's id is looked up. userErrors are checked here (not by the client) because
 * "taken" is an expected outcome on a retry, not a failure.
 */
export async function ensureBasicCodeDiscount(client: AdminGraphqlClient, discount: NextPurchaseDiscount): Promise<{ discountId: string; created: boolean }> {
  const data = await client.request<CreatePayload>(DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount: basicCodeDiscountInput(discount) });
  const { codeDiscountNode, userErrors } = data.discountCodeBasicCreate;
  if (userErrors.length === 0 && codeDiscountNode) return { discountId: codeDiscountNode.id, created: true };
  if (userErrors.length > 0 && userErrors.every(isCodeTaken)) {
    const existing = await client.request<{ codeDiscountNodeByCode: { id: string } | null }>(CODE_DISCOUNT_NODE_BY_CODE, { code: discount.code });
    if (existing.codeDiscountNodeByCode) return { discountId: existing.codeDiscountNodeByCode.id, created: false };
  }
  throw new AppError("SHOPIFY_USER_ERROR", `discountCodeBasicCreate: ${userErrors.map((error) => error.message).join("; ") || "no discount returned"}`, {
    fields: userErrors.map((error) => ({ field: (error.field ?? []).join("."), message: error.message })),
  });
}

function isCodeTaken(error: DiscountUserError): boolean {
  return error.code === "TAKEN" && (error.field ?? []).includes("code");
}
