import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";

/**
 * Dev-only access to Prisma's WASM schema engine (the native one cannot be downloaded here).
 * Used to author migrations and to check that schema.prisma and prisma/migrations agree: migrations are
 * applied to a scratch database first, then the engine diffs that live database against the schema, so no
 * shadow database is needed.
 */
export interface SchemaEngineConnection {
  host: string;
  port: number;
  user?: string;
  password?: string;
  database?: string;
}

export const SCHEMA_PATH = path.resolve(import.meta.dirname, "../../../prisma/schema.prisma");

export async function diffDatabaseToSchema(connection: SchemaEngineConnection, schemaPath = SCHEMA_PATH): Promise<string> {
  const engine = await loadSchemaEngine(connection, schemaPath);
  try {
    const schema = { path: schemaPath, content: readFileSync(schemaPath, "utf8") };
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files: [schema], configDir: path.dirname(schemaPath) },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return normalizeScript(result.stdout ?? "");
  } finally {
    engine.free();
  }
}

/** The engine prints this when there is nothing to change. */
export function isEmptyMigrationScript(script: string): boolean {
  return script.trim() === "" || script.trim() === "-- This is an empty migration.";
}

function normalizeScript(script: string): string {
  return script.replace(/\r\n/g, "\n");
}

interface WasmSchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout?: string | null }>;
  free(): void;
}

// The wasm-bindgen glue caches views of the instance's memory: instantiate once per process and reuse it.
let bindingsPromise: Promise<typeof import("@prisma/schema-engine-wasm/schema_engine_bg")> | null = null;

function loadBindings() {
  bindingsPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const packageDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const bindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmModule = await WebAssembly.compile(readFileSync(path.join(packageDir, "schema_engine_bg.wasm")));
    const instance = await WebAssembly.instantiate(wasmModule, { "./schema_engine_bg.js": bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bindings;
  })();
  return bindingsPromise;
}

async function loadSchemaEngine(connection: SchemaEngineConnection, schemaPath: string): Promise<WasmSchemaEngine> {
  const bindings = await loadBindings();
  const adapter = bindMigrationAwareSqlAdapterFactory(
    withCharColumnsAsCharacter(new PrismaPg({
      host: connection.host,
      port: connection.port,
      user: connection.user ?? "postgres",
      password: connection.password,
      database: connection.database ?? "postgres",
      max: 1,
    })),
  );
  const schema = readFileSync(schemaPath, "utf8");
  return (await bindings.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, () => {}, adapter)) as unknown as WasmSchemaEngine;
}

// Catalog queries return PostgreSQL's internal `"char"` type (OID 18), which adapter-pg rejects and which
// crashes the engine when reported as text; the engine expects it as a character column.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const CHARACTER_COLUMN_TYPE = ColumnTypeEnum.Character;

type Queryable = {
  queryRaw(query: unknown): Promise<{ columnTypes: number[]; rows: unknown[][] }>;
  startTransaction?: (...args: unknown[]) => Promise<Queryable>;
};

function withCharColumnsAsCharacter(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => patchQueryable((await connect()) as unknown as Queryable) as never;
  return factory;
}

function patchQueryable(queryable: Queryable): Queryable {
  const performer = queryable as unknown as {
    performIO(query: unknown): Promise<{ fields: { dataTypeID: number }[]; rows: unknown[][] }>;
  };
  const charColumns = new WeakMap<object, number[]>();
  const performIO = performer.performIO.bind(performer);
  performer.performIO = async (query) => {
    const result = await performIO(query);
    const indices = result.fields.flatMap((field, index) => (field.dataTypeID === PG_CHAR_OID ? [index] : []));
    for (const index of indices) result.fields[index].dataTypeID = PG_TEXT_OID;
    if (indices.length > 0) charColumns.set(result.rows, indices);
    return result;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(result.rows) ?? []) result.columnTypes[index] = CHARACTER_COLUMN_TYPE;
    return result;
  };
  if (queryable.startTransaction) {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => patchQueryable(await startTransaction(...args));
  }
  return queryable;
}
