import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";
import { applyMigrations, type MigrationReport } from "./migrate";

export type { PrismaClient } from "./generated/client";

export interface Database {
  readonly prisma: PrismaClient;
  /** The same connection pool Prisma uses; for bulk statements Prisma's JS layer would make slow. */
  readonly pool: pg.Pool;
  readonly kind: "postgres" | "pglite";
  readonly description: string;
  migrate(): Promise<MigrationReport>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… for a PostgreSQL server; pglite:<dir> (persisted) or pglite:memory (embedded, in-process). */
  url: string;
  poolSize?: number;
  /** Embedded only: start from a dumped, already migrated template (tests). */
  embeddedTemplate?: Blob;
  /** Relative pglite directories resolve against this (the project root by default). */
  baseDir?: string;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const poolSize = options.poolSize ?? 10;
  let embedded: EmbeddedPostgres | null = null;
  let poolConfig: pg.PoolConfig;
  let description: string;
  if (options.url.startsWith("pglite:")) {
    const location = options.url.slice("pglite:".length);
    const dataDir = location === "memory" ? null : path.resolve(options.baseDir ?? process.cwd(), location);
    embedded = await startEmbeddedPostgres({ dataDir, poolSize, loadDataDir: options.embeddedTemplate });
    // PGlite has a single backend and serializes work: a bigger pool brings no speed.
    poolConfig = { host: embedded.host, port: embedded.port, user: "postgres", database: "postgres", max: poolSize };
    description = dataDir ? `embedded PGlite at ${path.relative(process.cwd(), dataDir) || "."}` : "embedded PGlite in memory";
  } else {
    poolConfig = { connectionString: options.url, max: poolSize };
    description = `PostgreSQL at ${redactUrl(options.url)}`;
  }
  // Prisma stores DateTime as UTC in `timestamp` columns. Raw queries must agree whatever the host's or the
  // server's time zone: the session speaks UTC and `timestamp` values are parsed as UTC instants.
  // pg-pool awaits `onConnect` before handing the client out (a "connect" listener's query would run while
  // the caller's first query is already queued: deprecated by pg, an error in pg 9).
  const onConnect = (client: pg.ClientBase) => client.query("SET TIME ZONE 'UTC'");
  const pool = new pg.Pool({ ...poolConfig, types: { getTypeParser: utcTimestampParser } as pg.CustomTypesConfig, onConnect });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it on the next checkout.
  });
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    // Interactive transactions queue behind each other on PGlite's single backend.
    transactionOptions: { maxWait: 10_000, timeout: 60_000 },
  });
  return {
    prisma,
    pool,
    kind: embedded ? "pglite" : "postgres",
    description,
    async migrate() {
      const client = await pool.connect();
      try {
        return await applyMigrations(client);
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
      await embedded?.stop();
    },
  };
}

const TIMESTAMP_OID = 1114;

function utcTimestampParser(oid: number, format?: string) {
  if (oid === TIMESTAMP_OID && format !== "binary") return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
  return pg.types.getTypeParser(oid, format as "text");
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return "(unparseable URL)";
  }
}
