import { Session } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaSessionStorage } from "../../../app/infra/db/session-storage";
import { databaseBackends, openTestDatabase, type TestDatabase } from "../../support/database-backends";

describe.each(databaseBackends())("PrismaSessionStorage on %s", (backend) => {
  let db: TestDatabase;
  let storage: PrismaSessionStorage;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    storage = new PrismaSessionStorage(db.prisma);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("stores, loads, finds by shop and deletes offline and online sessions", async () => {
    const offline = new Session({ id: "offline_a.myshopify.com", shop: "a.myshopify.com", state: "s1", isOnline: false, scope: "read_orders", accessToken: "shpat_1" });
    const online = new Session({
      id: "a.myshopify.com_42",
      shop: "a.myshopify.com",
      state: "s2",
      isOnline: true,
      accessToken: "shpua_2",
      expires: new Date("2030-01-01T00:00:00Z"),
      onlineAccessInfo: {
        expires_in: 86_400,
        associated_user_scope: "read_orders",
        associated_user: { id: 42, first_name: "Ann", last_name: "Lee", email: "ann@example.com", email_verified: true, account_owner: true, locale: "en", collaborator: false },
      },
    });
    expect(await storage.storeSession(offline)).toBe(true);
    expect(await storage.storeSession(online)).toBe(true);
    expect(await storage.storeSession(offline)).toBe(true); // upsert

    const loaded = await storage.loadSession(offline.id);
    expect(loaded?.accessToken).toBe("shpat_1");
    expect(loaded?.scope).toBe("read_orders");
    expect(loaded?.isOnline).toBe(false);
    const loadedOnline = await storage.loadSession(online.id);
    expect(loadedOnline?.expires?.toISOString()).toBe("2030-01-01T00:00:00.000Z");
    expect(loadedOnline?.onlineAccessInfo?.associated_user.id).toBe(42);
    expect(loadedOnline?.onlineAccessInfo?.associated_user.email).toBe("ann@example.com");

    expect((await storage.findSessionsByShop("a.myshopify.com")).map((s) => s.id).sort()).toEqual([online.id, offline.id].sort());
    expect(await storage.deleteSession(offline.id)).toBe(true);
    expect(await storage.deleteSession(offline.id)).toBe(true);
    expect(await storage.loadSession(offline.id)).toBeUndefined();
    await storage.deleteSessions([online.id]);
    expect(await storage.findSessionsByShop("a.myshopify.com")).toEqual([]);
  });
});
