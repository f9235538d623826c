import type { AdminOperation } from "./admin-graphql";

/**
 * Admin GraphQL operations for Encore's app-owned customer metafields (API 2026-10). Named, so demo clients and
 * recorded fixtures answer by name, and validated against the pinned schema by test/infra/shopify/admin-schema.test.ts.
 *
 * None of the mutations declares `userErrorsPath`: their userErrors are expected outcomes the callers read as
 * values — a definition that exists already ("TAKEN", on re-install), one owner a batch cannot be written to
 * (metafieldsSet is atomic: one bad element rejects the call, so the caller drops that owner and resends).
 */

/** Encore's definitions already in the shop (the namespace argument resolves `$app:encore` like writes do). */
export const METAFIELD_DEFINITIONS: AdminOperation = {
  name: "EncoreMetafieldDefinitions",
  query: `query EncoreMetafieldDefinitions($namespace: String!) {
  metafieldDefinitions(ownerType: CUSTOMER, namespace: $namespace, first: 50) {
    nodes {
      id
      namespace
      key
      name
      type { name }
      access { admin }
      capabilities { adminFilterable { enabled eligible } }
      pinnedPosition
    }
  }
}`,
};

export const METAFIELD_DEFINITION_CREATE: AdminOperation = {
  name: "EncoreMetafieldDefinitionCreate",
  query: `mutation EncoreMetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
  metafieldDefinitionCreate(definition: $definition) {
    createdDefinition { id namespace key }
    userErrors { field message code }
  }
}`,
};

/**
 * Sets up to 25 metafields. Only userErrors are selected: the call is atomic, so no userErrors means every
 * element was written, and each selected object would add to the call's cost.
 */
export const CUSTOMER_METAFIELDS_SET: AdminOperation = {
  name: "EncoreCustomerMetafieldsSet",
  query: `mutation EncoreCustomerMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    userErrors { field message code elementIndex }
  }
}`,
};

/** Deletes metafields by owner, namespace and key; one that does not exist comes back as null, not an error. */
export const CUSTOMER_METAFIELDS_DELETE: AdminOperation = {
  name: "EncoreCustomerMetafieldsDelete",
  query: `mutation EncoreCustomerMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
  metafieldsDelete(metafields: $metafields) {
    deletedMetafields { ownerId namespace key }
    userErrors { field message }
  }
}`,
};

export interface MetafieldDefinitionNode {
  id: string;
  namespace: string;
  key: string;
  name: string;
  type: { name: string };
  access: { admin: string | null };
  capabilities: { adminFilterable: { enabled: boolean; eligible: boolean } };
  pinnedPosition: number | null;
}

export interface MetafieldDefinitionsResponse {
  metafieldDefinitions: { nodes: MetafieldDefinitionNode[] };
}

export interface MetafieldDefinitionCreateUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export interface MetafieldDefinitionCreateResponse {
  metafieldDefinitionCreate: {
    createdDefinition: { id: string; namespace: string; key: string } | null;
    userErrors: MetafieldDefinitionCreateUserError[];
  };
}

export interface MetafieldsSetInput {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface MetafieldsSetUserError {
  field: string[] | null;
  message: string;
  code: string | null;
  elementIndex: number | null;
}

export interface MetafieldsSetResponse {
  metafieldsSet: { userErrors: MetafieldsSetUserError[] } | null;
}

export interface MetafieldIdentifierInput {
  ownerId: string;
  namespace: string;
  key: string;
}

export interface MetafieldsDeleteResponse {
  metafieldsDelete: {
    deletedMetafields: (MetafieldIdentifierInput | null)[] | null;
    userErrors: { field: string[] | null; message: string }[];
  } | null;
}

/**
 * The element a metafieldsSet/metafieldsDelete userError is about: `elementIndex` when given, else the index in
 * `field` (["metafields", "3", "ownerId"]). null when the error names no element (the whole call is wrong).
 */
export function userErrorElement(error: { field: string[] | null; elementIndex?: number | null }): number | null {
  if (typeof error.elementIndex === "number" && error.elementIndex >= 0) return error.elementIndex;
  const field = error.field ?? [];
  if (field[0] === "metafields" && field.length > 1 && /^\d+$/.test(field[1])) return Number(field[1]);
  return null;
}
