/**
 * The answer to a `customers/data_request`: everything Encore holds on one customer, in a stable, documented
 * shape the merchant can hand over. Built from plain rows (no I/O here); money as decimal strings, times as ISO.
 */

import type { CustomerRecord } from "../sync/commerce-records";

export interface ExportInput {
  customer: Omit<CustomerRecord, "shopifyUpdatedAt">;
  orders: {
    shopifyGid: string;
    name: string | null;
    placedAt: Date;
    cancelledAt: Date | null;
    currency: string;
    totalPrice: string;
    discountCodes: string[];
    lineItems: { title: string; quantity: number; unitPrice: string }[];
  }[];
  score: Record<string, unknown> | null;
  offerDecisions: { orderGid: string; outcome: string; code: string | null; decidedAt: Date; redeemedAt: Date | null }[];
  surveyResponses: { orderGid: string; question: string; answer: string; createdAt: Date }[];
}

export interface CustomerExport {
  format: "encore.customer-export.v1";
  generatedAt: string;
  customer: Record<string, string | null>;
  orders: Record<string, unknown>[];
  score: Record<string, unknown> | null;
  offers: Record<string, unknown>[];
  surveyResponses: Record<string, unknown>[];
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function buildCustomerExport(input: ExportInput, generatedAt: Date): CustomerExport {
  const { customer } = input;
  return {
    format: "encore.customer-export.v1",
    generatedAt: generatedAt.toISOString(),
    customer: {
      id: customer.shopifyGid,
      firstName: customer.firstName,
      lastName: customer.lastName,
      email: customer.email,
      phone: customer.phone,
      city: customer.city,
      countryCode: customer.countryCode,
      createdAt: iso(customer.shopifyCreatedAt),
    },
    orders: input.orders.map((order) => ({
      id: order.shopifyGid,
      name: order.name,
      placedAt: iso(order.placedAt),
      cancelledAt: iso(order.cancelledAt),
      currency: order.currency,
      totalPrice: order.totalPrice,
      discountCodes: order.discountCodes,
      lineItems: order.lineItems,
    })),
    score: input.score
      ? Object.fromEntries(Object.entries(input.score).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]))
      : null,
    offers: input.offerDecisions.map((decision) => ({
      orderId: decision.orderGid,
      outcome: decision.outcome,
      code: decision.code,
      decidedAt: iso(decision.decidedAt),
      redeemedAt: iso(decision.redeemedAt),
    })),
    surveyResponses: input.surveyResponses.map((response) => ({
      orderId: response.orderGid,
      question: response.question,
      answer: response.answer,
      answeredAt: iso(response.createdAt),
    })),
  };
}
