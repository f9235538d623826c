import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { documentMemoryOf, ImportBatcher, type ImportBatch } from "../../../app/infra/sync/import-batcher";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/bulk");
const ORDERS = readFileSync(path.join(FIXTURES, "orders-with-malformed.jsonl"), "utf8");

type OrderRow = [string, string, string | null, string | null, string | null, ...unknown[]];

/** Feeds the text's UTF-8 bytes cut at the given byte offsets (possibly inside a character). */
function batchesOf(text: string, pieces: number[], options: { resumeAfter?: number; batchSize?: number; customerIds?: Map<string, string> } = {}) {
  const batcher = new ImportBatcher({ resumeAfter: options.resumeAfter ?? 0, batchSize: options.batchSize ?? 2, customerIds: options.customerIds ?? new Map(), customerIdLimit: 1_000 });
  const batches: ImportBatch[] = [];
  const bytes = Buffer.from(text, "utf8");
  // Every piece arrives in the same memory, overwritten once written, as the importer recycles its buffers.
  const memory = Buffer.alloc(bytes.length);
  let start = 0;
  for (const end of [...pieces, bytes.length]) {
    bytes.copy(memory, 0, start, end);
    batches.push(...batcher.write(memory.subarray(0, end - start)));
    memory.fill(0x58);
    start = end;
  }
  batches.push(...batcher.end());
  return batches;
}

const json = (bytes: Uint8Array, binaryFormatVersion = true) => JSON.parse(Buffer.from(bytes).toString("utf8", binaryFormatVersion ? 1 : 0)) as unknown;
const orderGids = (batches: ImportBatch[]) => batches.flatMap((batch) => (json(batch.orderRows.rows) as OrderRow[]).map((row) => row[1]));
/** A batch without its freshly generated row ids, to compare batches built twice. */
const comparable = (batch: ImportBatch) => ({
  ...batch,
  orderRows: (json(batch.orderRows.rows) as OrderRow[]).map((row) => row.slice(1)),
  orderItems: json(batch.orderRows.items, false) as unknown,
  customerRows: (json(batch.customerRows) as unknown[][]).map((row) => row.slice(1)),
});

describe("ImportBatcher", () => {
  it("ends every batch at an order boundary, and each batch's committed line is the resume point after it", () => {
    const batches = batchesOf(ORDERS, []);
    const lines = ORDERS.split("\n");
    expect(batches.length).toBeGreaterThan(2);
    for (const batch of batches.slice(0, -1)) {
      // The next line after a batch starts a new record: never a line item of an order in this batch.
      const next = lines[batch.committedLine];
      expect(next === undefined || !next.includes('"__parentId"')).toBe(true);
      expect(batch.orderCount).toBe((json(batch.orderRows.rows) as unknown[]).length);
    }
    expect(batches.at(-1)!.committedLine).toBe(lines.filter((line, index) => line.length > 0 || index < lines.length - 1).length);
    expect(orderGids(batches).map((gid) => gid.split("/").pop())).toEqual(["1001", "1002", "1003", "1005", "1006"]);
    expect(batches.flatMap((batch) => batch.malformed).length).toBe(5);
  });

  it("gives the same batches however the bytes are cut into pieces", () => {
    const whole = batchesOf(ORDERS, []).map(comparable);
    const size = Buffer.byteLength(ORDERS);
    for (let cut = 1; cut < size; cut += 37) {
      expect(batchesOf(ORDERS, [cut, Math.min(size, cut + 5)]).map(comparable)).toEqual(whole);
    }
    // Pieces far shorter than a line: every line spans many of them.
    for (const step of [1, 3, 7, 64]) {
      const cuts = Array.from({ length: Math.ceil(size / step) - 1 }, (_, index) => (index + 1) * step);
      expect(batchesOf(ORDERS, cuts).map(comparable)).toEqual(whole);
    }
  });

  it("decodes UTF-8 cut inside a character, and ignores a byte-order mark and CRLF line ends", () => {
    const customer = (id: number, firstName: string) => JSON.stringify({ id: `gid://shopify/Customer/${id}`, firstName, email: `c${id}@example.com` });
    const names = ["Алия", "Žiga", "سارا", "Töö 😀"];
    // Blank CRLF lines are blank (not a malformed "\r"); the last line ends in a CR without a newline.
    const text = "\uFEFF" + names.map((name, index) => customer(index + 1, name)).join("\r\n\r\n") + "\r\n\r";
    const stored = (batches: ImportBatch[]) => batches.flatMap((batch) => (json(batch.customerRows) as unknown[][]).map((row) => row[2]));
    const size = Buffer.byteLength(text);
    for (let cut = 1; cut < size; cut++) {
      const batches = batchesOf(text, [cut], { batchSize: 100 });
      expect(stored(batches)).toEqual(names);
      expect(batches.flatMap((batch) => batch.malformed)).toEqual([]);
    }
  });

  it("skips a first line that is only a byte-order mark, as an empty line", () => {
    for (const text of ["\uFEFF", "\uFEFF\r\n", "\uFEFF\n" + JSON.stringify({ id: "gid://shopify/Customer/1" }) + "\n"]) {
      const batches = batchesOf(text, [], { batchSize: 100 });
      expect(batches.flatMap((batch) => batch.malformed)).toEqual([]);
      expect(batches.at(-1)!.committedLine).toBe(text.split("\n").filter((line, index, all) => index < all.length - 1 || line.length > 0).length);
    }
  });

  it("resumes after the committed line: earlier lines are counted, not parsed", () => {
    const all = batchesOf(ORDERS, []);
    const resumeAfter = all[0].committedLine;
    const resumed = batchesOf(ORDERS, [], { resumeAfter });
    expect(orderGids(resumed)).toEqual(orderGids(all.slice(1)));
    expect(resumed.flatMap((batch) => batch.malformed)).toEqual(all.slice(1).flatMap((batch) => batch.malformed));
    expect(resumed.at(-1)!.committedLine).toBe(all.at(-1)!.committedLine);
  });

  it("gives orders the cached customer id, and asks for stubs only for customers neither cached nor in the batch", () => {
    const customer = (id: number) => JSON.stringify({ id: `gid://shopify/Customer/${id}`, email: `c${id}@example.com` });
    const order = (id: number, customerId: number) =>
      JSON.stringify({ id: `gid://shopify/Order/${id}`, createdAt: "2026-01-01T00:00:00Z", currencyCode: "EUR", totalPriceSet: { shopMoney: { amount: "5.00" } }, customer: { id: `gid://shopify/Customer/${customerId}` } });
    const text = [customer(2), order(10, 1), order(11, 2), order(12, 3), order(13, 3)].join("\n") + "\n";
    const [batch] = batchesOf(text, [], { batchSize: 100, customerIds: new Map([["gid://shopify/Customer/1", "cached-id-1"]]) });
    const rows = json(batch.orderRows.rows) as OrderRow[];
    expect(rows.map((row) => [row[1], row[3], row[4]])).toEqual([
      ["gid://shopify/Order/10", "gid://shopify/Customer/1", "cached-id-1"],
      ["gid://shopify/Order/11", "gid://shopify/Customer/2", null],
      ["gid://shopify/Order/12", "gid://shopify/Customer/3", null],
      ["gid://shopify/Order/13", "gid://shopify/Customer/3", null],
    ]);
    expect(batch.unresolvedCustomerGids).toEqual(["gid://shopify/Customer/3"]);
    expect(batch.customerGids).toEqual(["gid://shopify/Customer/2"]);
    expect(new Set(rows.map((row) => row[0])).size).toBe(4);
  });

  it("writes each document into memory handed back for the same role, and gives the same batches as fresh memory", () => {
    const lines = ORDERS.split("\n");
    const half = Buffer.from(lines.slice(0, 8).join("\n") + "\n");
    const rest = Buffer.from(lines.slice(8).join("\n"));
    const options = { resumeAfter: 0, batchSize: 2, customerIds: new Map(), customerIdLimit: 1_000 };
    const recycling = new ImportBatcher(options);
    const first = recycling.write(half);
    expect(first.length).toBeGreaterThan(0);
    const memory = documentMemoryOf(first[0]);
    const expected = new ImportBatcher(options);
    expected.write(half);
    const fresh = [...expected.write(rest), ...expected.end()].map(comparable);
    // The first batch's documents are done with: overwrite them, as a transfer to the parse thread would.
    recycling.reuseMemory(memory);
    const next = recycling.write(rest);
    expect(next[0].customerRows.buffer).toBe(memory.customerRows);
    expect(next[0].orderRows.rows.buffer).toBe(memory.orderRows);
    expect(next[0].orderRows.items.buffer).toBe(memory.orderItems);
    expect([...next, ...recycling.end()].map(comparable)).toEqual(fresh);
  });
});
