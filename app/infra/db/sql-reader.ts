import type pg from "pg";
import type { PrismaClient } from "./database";

/**
 * Runs a parameterised read and returns its rows. Hot paths read through the pg pool (a third of the CPU
 * of Prisma's `$queryRaw` per query); callers that only hold the Prisma client use `prismaSqlReader`, which
 * runs the same SQL. The SQL must cast its results to types both drivers return alike: text, int4, bool,
 * timestamp, text[], json (numeric and int8 as ::text / ::int).
 */
export interface SqlReader {
  /** `statement` names a statement the server may keep prepared per connection (parsed and planned once). */
  query<Row>(text: string, values: unknown[], statement?: string): Promise<{ rows: Row[] }>;
}

export function prismaSqlReader(prisma: PrismaClient): SqlReader {
  return {
    async query<Row>(text: string, values: unknown[]) {
      return { rows: await prisma.$queryRawUnsafe<Row[]>(text, ...values) };
    },
  };
}

/**
 * `prepare`: keep named statements prepared on each connection. PostgreSQL only: PGlite's connections share
 * one session, where a second connection preparing the same name fails.
 */
export function poolSqlReader(pool: Pick<pg.Pool, "query">, options: { prepare: boolean }): SqlReader {
  return {
    async query<Row>(text: string, values: unknown[], statement?: string) {
      const result = await pool.query(options.prepare && statement ? { name: statement, text, values } : { text, values });
      return { rows: result.rows as Row[] };
    },
  };
}
