import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { PrismaClient } from "./database";
import type { Session as SessionRow } from "./generated/client";

/**
 * Shopify's SessionStorage over our Prisma 7 client. `@shopify/shopify-app-session-storage-prisma` 11 declares
 * a peer range of Prisma ^6, so this adapter of the same interface (same table shape) is written here.
 */
export class PrismaSessionStorage implements SessionStorage {
  constructor(private readonly prisma: PrismaClient) {}

  async storeSession(session: Session): Promise<boolean> {
    const row = sessionToRow(session);
    await this.prisma.session.upsert({ where: { id: session.id }, update: row, create: row });
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const row = await this.prisma.session.findUnique({ where: { id } });
    return row ? rowToSession(row) : undefined;
  }

  async deleteSession(id: string): Promise<boolean> {
    await this.prisma.session.deleteMany({ where: { id } });
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await this.prisma.session.deleteMany({ where: { id: { in: ids } } });
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const rows = await this.prisma.session.findMany({ where: { shop }, take: 25, orderBy: [{ expires: "desc" }] });
    return rows.map(rowToSession);
  }
}

function sessionToRow(session: Session): SessionRow {
  const user = session.onlineAccessInfo?.associated_user;
  return {
    id: session.id,
    shop: session.shop,
    state: session.state,
    isOnline: session.isOnline,
    scope: session.scope ?? null,
    expires: session.expires ?? null,
    accessToken: session.accessToken ?? "",
    userId: user?.id !== undefined ? BigInt(user.id) : null,
    firstName: user?.first_name ?? null,
    lastName: user?.last_name ?? null,
    email: user?.email ?? null,
    accountOwner: user?.account_owner ?? false,
    locale: user?.locale ?? null,
    collaborator: user?.collaborator ?? false,
    emailVerified: user?.email_verified ?? false,
    refreshToken: session.refreshToken ?? null,
    refreshTokenExpires: session.refreshTokenExpires ?? null,
  };
}

function rowToSession(row: SessionRow): Session {
  const properties: [string, string | number | boolean][] = [
    ["id", row.id],
    ["shop", row.shop],
    ["state", row.state],
    ["isOnline", row.isOnline],
  ];
  if (row.scope) properties.push(["scope", row.scope]);
  if (row.expires) properties.push(["expires", row.expires.getTime()]);
  if (row.accessToken) properties.push(["accessToken", row.accessToken]);
  if (row.refreshToken) properties.push(["refreshToken", row.refreshToken]);
  if (row.refreshTokenExpires) properties.push(["refreshTokenExpires", row.refreshTokenExpires.getTime()]);
  if (row.userId !== null) {
    properties.push(["userId", String(row.userId)]);
    if (row.firstName) properties.push(["firstName", row.firstName]);
    if (row.lastName) properties.push(["lastName", row.lastName]);
    if (row.email) properties.push(["email", row.email]);
    if (row.locale) properties.push(["locale", row.locale]);
    properties.push(["accountOwner", row.accountOwner]);
    if (row.collaborator !== null) properties.push(["collaborator", row.collaborator]);
    if (row.emailVerified !== null) properties.push(["emailVerified", row.emailVerified]);
  }
  return Session.fromPropertyArray(properties, true);
}
