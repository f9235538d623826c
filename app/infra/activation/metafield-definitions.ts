import {
  CUSTOMER_METAFIELD_DEFINITIONS,
  ENCORE_METAFIELD_NAMESPACE,
  type CustomerMetafieldDefinition,
} from "../../domain/activation/customer-metafields";
import type { PrismaClient } from "../db/database";
import type { AdminGraphqlClient } from "../shopify/admin-graphql";
import {
  METAFIELD_DEFINITION_CREATE,
  METAFIELD_DEFINITIONS,
  type MetafieldDefinitionCreateResponse,
  type MetafieldDefinitionCreateUserError,
  type MetafieldDefinitionsResponse,
} from "../shopify/metafield-operations";

export interface EnsureMetafieldDefinitionsOptions {
  prisma: Pick<PrismaClient, "shop">;
  admin: AdminGraphqlClient;
  shopId: string;
  now: Date;
}

export interface EnsureMetafieldDefinitionsReport {
  created: string[];
  /** Already in the shop (listed, or "TAKEN" on create: a re-install, or a concurrent install). */
  existing: string[];
  /** Created without an optional extra the shop refused (pinning, admin filtering), by key. */
  degraded: { key: string; dropped: string[] }[];
  failed: { key: string; code: string | null; message: string }[];
}

/**
 * Optional extras of a definition, and the userError codes that say the shop will not have them: the
 * definition is then created without that extra rather than not at all.
 *  - pin: 20 pinned definitions per owner type, shared with the merchant and every app;
 *  - adminFilterable: only some types and owner types are eligible, and a shop has a limit of filterable
 *    definitions. Customer segments do not need it (the segment editor offers every customer metafield
 *    definition of a supported type), so losing it costs nothing essential.
 */
const OPTIONAL_EXTRAS: { name: "pin" | "adminFilterable"; codes: string[] }[] = [
  { name: "pin", codes: ["PINNED_LIMIT_REACHED", "UNSUPPORTED_PINNING"] },
  { name: "adminFilterable", codes: ["INVALID_CAPABILITY", "OWNER_TYPE_LIMIT_EXCEEDED_FOR_USE_AS_ADMIN_FILTERS", "CAPABILITY_REQUIRED_BUT_DISABLED"] },
];

/**
 * Makes sure the shop has Encore's customer metafield definitions (app-owned, `$app:encore`): lists the ones it
 * has, creates the others. Idempotent: on a re-install the definitions usually survive the uninstall (Shopify
 * keeps app-reserved definitions and values), and a create then answers TAKEN, which counts as existing.
 * Merchants read the values (admin access MERCHANT_READ: visible on the customer page and in the segment
 * editor, not editable); storefront and customer accounts get no access (a churn risk is not for shoppers).
 * Sets Shop.metafieldDefinitionsAt when every definition is there.
 */
export async function ensureMetafieldDefinitions(options: EnsureMetafieldDefinitionsOptions): Promise<EnsureMetafieldDefinitionsReport> {
  const { admin } = options;
  const report: EnsureMetafieldDefinitionsReport = { created: [], existing: [], degraded: [], failed: [] };
  const listed = await admin.request<MetafieldDefinitionsResponse>(METAFIELD_DEFINITIONS, { namespace: ENCORE_METAFIELD_NAMESPACE });
  const present = new Set(listed.metafieldDefinitions.nodes.map((node) => node.key));
  for (const definition of CUSTOMER_METAFIELD_DEFINITIONS) {
    if (present.has(definition.key)) {
      report.existing.push(definition.key);
      continue;
    }
    const dropped: ("pin" | "adminFilterable")[] = [];
    for (;;) {
      const data = await admin.request<MetafieldDefinitionCreateResponse>(METAFIELD_DEFINITION_CREATE, { definition: definitionInput(definition, dropped) });
      const { createdDefinition, userErrors } = data.metafieldDefinitionCreate;
      if (userErrors.length === 0 && createdDefinition) {
        report.created.push(definition.key);
        if (dropped.length > 0) report.degraded.push({ key: definition.key, dropped: [...dropped] });
        break;
      }
      if (userErrors.length > 0 && userErrors.every(isTaken)) {
        report.existing.push(definition.key);
        break;
      }
      const extra = OPTIONAL_EXTRAS.find((candidate) => !dropped.includes(candidate.name) && userErrors.some((error) => candidate.codes.includes(error.code ?? "")));
      if (extra) {
        dropped.push(extra.name);
        continue;
      }
      const first = userErrors[0];
      report.failed.push({ key: definition.key, code: first?.code ?? null, message: userErrors.map((error) => error.message).join("; ") || "no definition returned" });
      break;
    }
  }
  if (report.failed.length === 0) {
    await options.prisma.shop.update({ where: { id: options.shopId }, data: { metafieldDefinitionsAt: options.now } });
  }
  return report;
}

/** The metafieldDefinitionCreate input of one definition, without the extras the shop refused. */
export function definitionInput(definition: CustomerMetafieldDefinition, dropped: readonly string[] = []): Record<string, unknown> {
  return {
    ownerType: "CUSTOMER",
    namespace: ENCORE_METAFIELD_NAMESPACE,
    key: definition.key,
    name: definition.name,
    description: definition.description,
    type: definition.type,
    validations: definition.validations,
    access: { admin: "MERCHANT_READ", storefront: "NONE", customerAccount: "NONE" },
    ...(dropped.includes("adminFilterable") ? {} : { capabilities: { adminFilterable: { enabled: true } } }),
    pin: definition.pin && !dropped.includes("pin"),
  };
}

function isTaken(error: MetafieldDefinitionCreateUserError): boolean {
  return error.code === "TAKEN";
}
