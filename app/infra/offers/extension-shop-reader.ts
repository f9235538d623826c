import type { SqlReader } from "../db/sql-reader";

/** What the checkout extension's endpoints need of the shop a session token names. */
export interface ExtensionShop {
  id: string;
  domain: string;
  currency: string;
  uninstalledAt: Date | null;
}

export interface ExtensionShopReader {
  findByDomain(domain: string): Promise<ExtensionShop | null>;
}

/**
 * The shop lookup every extension request starts with, through the pool as one prepared statement (the
 * thank-you page is the hottest path; Prisma's findUnique costs about three times the CPU).
 */
export function extensionShopReader(sql: SqlReader): ExtensionShopReader {
  return {
    async findByDomain(domain) {
      const { rows } = await sql.query<ExtensionShop>(
        `SELECT id, domain, currency, "uninstalledAt" FROM "Shop" WHERE domain = $1`,
        [domain],
        "extension-shop",
      );
      return rows[0] ?? null;
    },
  };
}
