import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";
import { applyMigrations, type MigrationReport } from "./migrate";
import { installJobQueue } from "../jobs/job-queue";

export type { PrismaClient } from "./generated/client";

export interface Database {
  readonly prisma: PrismaClient;
  /** The same connection pool Prisma uses; for bulk statements Prisma's JS layer would make slow. */
  readonly pool: pg.Pool;
  readonly kind: "postgres" | "pglite";
  readonly description: string;
  migrate(): Promise<MigrationReport>;
  /** Runs `hook` first when the database closes (users of the pool, such as the job queue, stop first). */
  beforeClose(hook: () => Promise<void>): void;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… for a PostgreSQL server; pglite:<dir> (persisted) or pglite:memory (embedded, in-process). */
  url: string;
  poolSize?: number;
  /**
   * PostgreSQL only: connections opened before the database is handed out and kept however idle. A pool that
   * grows under a burst opens connections in the middle of it (a server process forked, authenticated, its
   * caches and prepared statements cold): at 1,000 req/s that showed as 40 ms stalls. Web instances keep a
   * fixed-size pool (min = size); the default 0 opens connections on demand and closes them after 10 s idle.
   */
  poolMin?: number;
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
    poolConfig = { connectionString: options.url, max: poolSize, min: Math.min(options.poolMin ?? 0, poolSize) };
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
  if (poolConfig.min) {
    try {
      await openConnections(pool, poolConfig.min);
    } catch (error) {
      await pool.end().catch(() => {});
      await embedded?.stop();
      throw error;
    }
  }
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    // Interactive transactions queue behind each other on PGlite's single backend.
    transactionOptions: { maxWait: 10_000, timeout: 60_000 },
  });
  const closeHooks: (() => Promise<void>)[] = [];
  return {
    prisma,
    pool,
    kind: embedded ? "pglite" : "postgres",
    description,
    async migrate() {
      const client = await pool.connect();
      let report: MigrationReport;
      try {
        report = await applyMigrations(client);
      } finally {
        client.release();
      }
      // pg-boss's schema and queues are part of the database's shape: installed and upgraded with it.
      await installJobQueue(pool);
      return report;
    },
    beforeClose(hook) {
      closeHooks.push(hook);
    },
    async close() {
      for (const hook of closeHooks.splice(0)) await hook().catch(() => {});
      await prisma.$disconnect();
      await pool.end().catch(() => {});
      await embedded?.stop();
    },
  };
}

/** Opens `count` connections at once (each through onConnect) and returns them to the pool, idle. */
async function openConnections(pool: pg.Pool, count: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  for (const client of clients) client.release();
}

const TIMESTAMP_OID = 1114;

/**
 * A `timestamp` (without time zone) column's text as a Date: the columns hold UTC. Read both as the server
 * sends a column ("2026-12-06 20:12:00.123") and as json_build_object writes one ("2026-12-06T20:12:00.123").
 */
export function utcTimestamp(value: string): Date {
  return new Date(`${value.replace(" ", "T")}Z`);
}

function utcTimestampParser(oid: number, format?: string) {
  if (oid === TIMESTAMP_OID && format !== "binary") return utcTimestamp;
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
