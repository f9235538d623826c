import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  Kind,
  NoDeprecatedCustomRule,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "../../../app/config/env";

/**
 * Every Admin GraphQL document Encore sends, validated against the Admin schema of the pinned API version
 * (introspection JSON from @shopify/dev-mcp, fetched by scripts/install-test-deps.sh). The documents are found,
 * not listed: every module under app/ (but the browser admin) whose source mentions a named operation, an
 * AdminOperation or a bulk query is imported, and each export shaped like an AdminOperation ({ name, query })
 * or holding a bare query document (a bulk operation's query) is checked, so operations added later are
 * covered without touching this file.
 */
const ROOT = path.resolve(import.meta.dirname, "../../..");
const SCHEMA_PATH = process.env.ENCORE_ADMIN_SCHEMA ?? path.join(ROOT, "node_modules/.cache/encore-admin-schema", `admin_${ADMIN_API_VERSION}.json.gz`);
const SKIPPED_DIRECTORIES = [path.join("app", "admin"), path.join("app", "infra", "db", "generated")];
/**
 * Deprecated (still valid) fields in use when this test was written, by document: each should move to its
 * replacement before Shopify removes it. A new deprecated use fails the test; a fixed one must be taken off.
 */
const KNOWN_DEPRECATIONS: Record<string, string[]> = {
  "app/domain/demo/to-bulk-jsonl.ts#DEMO_CUSTOMERS_BULK_QUERY": [
    "The field Customer.email is deprecated. Use `defaultEmailAddress.emailAddress` instead.",
    "The field Customer.phone is deprecated. Use `defaultPhoneNumber.phoneNumber` instead.",
  ],
  "app/domain/sync/bulk-queries.ts#SHOP_DETAILS": ["The field ShopPlan.displayName is deprecated. Use `publicDisplayName` instead."],
};
const MENTIONS_GRAPHQL = /\b(?:query|mutation)\s+[A-Z]\w*\s*[({]|\bAdminOperation\b|_BULK_QUERY\b/;

interface FoundDocument {
  /** module path and export name */
  source: string;
  /** the AdminOperation's name; null for a bare document (bulk query string) */
  name: string | null;
  query: string;
  userErrorsPath?: string[];
}

function candidateModules(): string[] {
  const appDir = path.join(ROOT, "app");
  return (readdirSync(appDir, { recursive: true }) as string[])
    .map((relative) => path.join("app", relative))
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .filter((file) => !SKIPPED_DIRECTORIES.some((skipped) => file.startsWith(skipped + path.sep)))
    .filter((file) => MENTIONS_GRAPHQL.test(readFileSync(path.join(ROOT, file), "utf8")))
    .sort();
}

function looksLikeDocument(text: string): boolean {
  return /^\s*(?:\{|query\b|mutation\b)/.test(text);
}

async function collectDocuments(): Promise<FoundDocument[]> {
  const found: FoundDocument[] = [];
  const seen = new Set<unknown>();
  for (const file of candidateModules()) {
    const exports = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(exports)) {
      const source = `${file}#${exportName}`;
      if (value && typeof value === "object" && typeof (value as { name?: unknown }).name === "string" && typeof (value as { query?: unknown }).query === "string") {
        const operation = value as { name: string; query: string; userErrorsPath?: string[] };
        if (seen.has(operation) || !looksLikeDocument(operation.query)) continue;
        seen.add(operation);
        found.push({ source, name: operation.name, query: operation.query, userErrorsPath: operation.userErrorsPath });
      } else if (typeof value === "string" && looksLikeDocument(value) && !seen.has(value)) {
        try {
          parse(value);
        } catch {
          continue;
        }
        seen.add(value);
        found.push({ source, name: null, query: value });
      }
    }
  }
  return found;
}

/** Where `userErrorsPath` points must be selected in the document (else the client would never see them). */
function selectsPath(operation: OperationDefinitionNode, fieldPath: string[]): boolean {
  let selectionSet: SelectionSetNode | undefined = operation.selectionSet;
  for (const key of fieldPath) {
    const field: SelectionNode | undefined = selectionSet?.selections.find((selection) => selection.kind === Kind.FIELD && (selection.alias?.value ?? selection.name.value) === key);
    if (!field || field.kind !== Kind.FIELD) return false;
    selectionSet = field.selectionSet;
  }
  return true;
}

function problemsOf(schema: GraphQLSchema, document: FoundDocument): string[] {
  let ast: DocumentNode;
  try {
    ast = parse(document.query);
  } catch (error) {
    return [`does not parse: ${(error as Error).message}`];
  }
  const problems = validate(schema, ast).map((error) => error.message);
  const operations = ast.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) problems.push(`holds ${operations.length} operations (one expected)`);
  if (document.name !== null && operations[0]?.name?.value !== document.name) {
    problems.push(`is named "${operations[0]?.name?.value ?? "(anonymous)"}" in the document but "${document.name}" in code (fixtures and demo clients answer by name)`);
  }
  if (document.userErrorsPath && operations[0] && !selectsPath(operations[0], document.userErrorsPath)) {
    problems.push(`userErrorsPath ${document.userErrorsPath.join(".")} is not selected`);
  }
  return problems;
}

describe(`Admin GraphQL documents against the ${ADMIN_API_VERSION} Admin schema`, () => {
  let schema: GraphQLSchema;
  let documents: FoundDocument[];

  beforeAll(async () => {
    if (!existsSync(SCHEMA_PATH)) {
      throw new Error(`No Admin schema at ${SCHEMA_PATH}: run scripts/install-test-deps.sh (it fetches it from npm), or set ENCORE_ADMIN_SCHEMA`);
    }
    const introspection = JSON.parse(gunzipSync(readFileSync(SCHEMA_PATH)).toString("utf8")) as { data?: IntrospectionQuery } & IntrospectionQuery;
    schema = buildClientSchema(introspection.data ?? introspection);
    documents = await collectDocuments();
  });

  it("finds the operations of every Admin API gateway (the collector is not silently empty)", () => {
    const names = documents.map((document) => document.name);
    for (const expected of ["DiscountCodeBasicCreate", "EncoreCustomerCreate", "BulkOperationRunQuery", "ShopDetails", "EncoreCustomerMetafieldsSet", "EncoreMetafieldDefinitionCreate"]) {
      expect(names).toContain(expected);
    }
    expect(documents.filter((document) => document.name === null).length).toBeGreaterThanOrEqual(2);
  });

  it("gives each distinct document its own operation name", () => {
    const byName = new Map<string, Set<string>>();
    for (const document of documents) {
      if (document.name === null) continue;
      byName.set(document.name, (byName.get(document.name) ?? new Set()).add(document.query));
    }
    const clashes = [...byName].filter(([, queries]) => queries.size > 1).map(([name]) => name);
    expect(clashes, "one name, several documents: recorded fixtures and demo clients could answer the wrong one").toEqual([]);
  });

  it("validates every document", () => {
    const failures = documents
      .map((document) => ({ document, problems: problemsOf(schema, document) }))
      .filter(({ problems }) => problems.length > 0)
      .map(({ document, problems }) => `${document.name ?? "(bulk query)"} (${document.source}):\n  - ${problems.join("\n  - ")}`);
    expect(failures.join("\n"), `invalid against the ${ADMIN_API_VERSION} Admin schema`).toBe("");
  });

  it("uses no deprecated field, argument or enum value beyond the known ones", () => {
    const deprecations = Object.fromEntries(
      documents
        .map((document) => [document.source.split(path.sep).join("/"), validate(schema, parse(document.query), [NoDeprecatedCustomRule]).map((error) => error.message)] as const)
        .filter(([, messages]) => messages.length > 0),
    );
    expect(deprecations).toEqual(KNOWN_DEPRECATIONS);
  });

  it("rejects what Shopify would reject (the check itself works)", () => {
    const bad = { source: "test", name: "Bad", query: "mutation Bad($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { nope } } }" };
    expect(problemsOf(schema, bad)).toEqual([expect.stringContaining('Cannot query field "nope" on type "Metafield"')]);
    expect(problemsOf(schema, { ...bad, query: bad.query.replace("mutation Bad", "mutation Other").replace(" { nope }", " { id }") })).toEqual([
      expect.stringContaining('named "Other" in the document but "Bad" in code'),
    ]);
  });
});
