import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateDemoHistory } from "../../domain/demo/generate-demo-history";
import { customersBulkJsonl, ordersBulkJsonl } from "../../domain/demo/to-bulk-jsonl";
import type { DemoShopHistory } from "../../domain/demo/demo-types";
import type { Database } from "../db/database";
import { upsertProducts, type ProductRecord } from "../db/repositories/commerce-write-repository";
import { SyncRunRepository, type SyncResource } from "../db/repositories/sync-run-repository";
import { importBulkJsonl, importWritersFor } from "../sync/jsonl-importer";

export interface SeedDemoShopOptions {
  shopDomain: string;
  seed: number;
  now: Date;
  customerCount?: number;
}

export interface SeedReport {
  seeded: boolean;
  customers: number;
  orders: number;
  ms: number;
}

/**
 * Seeds the demo shop through the production pipeline: the generated history is written as the JSONL files a
 * bulk operation returns and imported by the same streaming importer, one SyncRun per resource. A crash
 * mid-seed leaves an unfinished run, which the next start resumes (the history is regenerated from the shop's
 * `installedAt`, so it is the same); a fully seeded shop is never seeded again.
 */
export async function seedDemoShop(db: Database, options: SeedDemoShopOptions): Promise<SeedReport> {
  const started = performance.now();
  const syncRuns = new SyncRunRepository(db.prisma);
  let shop = await db.prisma.shop.findUnique({ where: { domain: options.shopDomain } });
  const pending: SyncResource[] = [];
  for (const resource of ["customers", "orders"] as const) {
    if (!shop || (await syncRuns.findUnfinished(shop.id, resource))) pending.push(resource);
  }
  if (shop && pending.length === 0) return { seeded: false, customers: 0, orders: 0, ms: performance.now() - started };

  const now = shop?.installedAt ?? options.now;
  const history = generateDemoHistory({ seed: options.seed, now, customerCount: options.customerCount });
  if (!shop) {
    // Shop, product catalogue and both (pending) runs in one step, so a crash leaves either nothing or runs to resume.
    shop = await db.prisma.$transaction(async (tx) => {
      const created = await tx.shop.create({
        data: { domain: options.shopDomain, name: history.shop.name, currency: history.shop.currency, plan: "demo", installedAt: now },
      });
      await tx.syncRun.createMany({ data: [{ shopId: created.id, resource: "customers", status: "pending" }, { shopId: created.id, resource: "orders", status: "pending" }] });
      return created;
    });
    await upsertProducts(db.pool, shop.id, history.products.map(toProductRecord));
  }

  const dir = mkdtempSync(path.join(tmpdir(), "encore-demo-bulk-"));
  try {
    for (const resource of pending) {
      const run = (await syncRuns.findUnfinished(shop.id, resource))!;
      const file = path.join(dir, `${resource}.jsonl`);
      const lines = resource === "customers" ? [...customersBulkJsonl(history)] : [...ordersBulkJsonl(history)];
      writeFileSync(file, lines.join("\n") + "\n");
      await syncRuns.update(run.id, { status: "importing", totalLines: lines.length, resultUrl: `demo:${resource}.jsonl` });
      await importBulkJsonl({ pool: db.pool, shopId: shop.id, syncRunId: run.id, open: () => createReadStream(file), writers: importWritersFor(db) });
      await syncRuns.update(run.id, { status: "succeeded", finishedAt: new Date() });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { seeded: true, customers: history.customers.length, orders: history.orders.length, ms: performance.now() - started };
}

function toProductRecord(product: DemoShopHistory["products"][number]): ProductRecord {
  return { shopifyGid: product.id, title: product.title, handle: product.handle, price: product.price.amount, imageUrl: null };
}
