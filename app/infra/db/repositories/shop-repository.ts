import type { PrismaClient } from "../database";
import type { Shop } from "../generated/client";

export interface ShopDetails {
  domain: string;
  name?: string | null;
  currency?: string;
  plan?: string | null;
}

export class ShopRepository {
  constructor(private readonly prisma: PrismaClient) {}

  findByDomain(domain: string): Promise<Shop | null> {
    return this.prisma.shop.findUnique({ where: { domain } });
  }

  /** Install (or reinstall): clears any earlier uninstall mark. */
  upsertInstalled(details: ShopDetails, installedAt: Date): Promise<Shop> {
    const fields = {
      name: details.name ?? null,
      currency: details.currency ?? "USD",
      plan: details.plan ?? null,
    };
    return this.prisma.shop.upsert({
      where: { domain: details.domain },
      create: { domain: details.domain, ...fields, installedAt },
      update: { ...fields, installedAt, uninstalledAt: null },
    });
  }

  async markUninstalled(domain: string, at: Date): Promise<void> {
    await this.prisma.shop.updateMany({ where: { domain, uninstalledAt: null }, data: { uninstalledAt: at } });
  }
}
