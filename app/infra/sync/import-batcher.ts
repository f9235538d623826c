import { BulkRecordAssembler } from "../../domain/sync/bulk-jsonl";
import type { CustomerRecord, OrderRecord } from "../../domain/sync/commerce-records";
import { customerRowsDocument, orderRowsDocument, type OrderDocuments } from "../db/repositories/commerce-rows";

/** One transaction's worth of a bulk import: whole orders (with their line items) and customers. */
export interface ImportBatch {
  /** Every line up to here belongs to this batch or an earlier one: the resume position once it is committed. */
  committedLine: number;
  linesRead: number;
  /** The customers as `upsertCustomerRows` takes them, and the orders as `upsertOrderRows` does (commerce-rows.ts). */
  customerRows: string;
  customerCount: number;
  orderRows: OrderDocuments;
  orderCount: number;
  /** GIDs of everything written, so two batches written side by side can be checked for overlap. */
  customerGids: string[];
  orderGids: string[];
  /** Customers the orders name whose ids the batcher does not know: stubbed if missing, then looked up. */
  unresolvedCustomerGids: string[];
  malformed: { line: number; reason: string }[];
}

export interface ImportBatcherOptions {
  /** Lines already committed by an earlier attempt; they are read past, not parsed. */
  resumeAfter: number;
  /** Records per batch (an order counts with its line items). */
  batchSize: number;
  /** Customer ids by GID, known to be committed (filled as batches commit; may be empty). */
  customerIds: Map<string, string>;
  /** The most ids `customerIds` may hold; ids learnt beyond it are dropped (those orders look customers up). */
  customerIdLimit: number;
}

/**
 * Turns the text of a bulk-operation JSONL file, fed in pieces, into import batches: splits lines, joins line
 * items to their orders, and serialises the orders ready for the database, so that all of the CPU-heavy part
 * of an import can run on its own thread. A batch ends at an order boundary, so a resumed import never starts
 * in the middle of an order; malformed lines travel with the batch that commits past them.
 */
export class ImportBatcher {
  private readonly assembler = new BulkRecordAssembler();

  /** Customer ids committed since the batcher started (the importer tells it after each commit). */
  learnCustomerIds(entries: Iterable<[string, string]>): void {
    const known = this.options.customerIds;
    for (const [gid, id] of entries) {
      if (known.size >= this.options.customerIdLimit) return;
      known.set(gid, id);
    }
  }
  private orders = new Map<string, OrderRecord>();
  private customers = new Map<string, CustomerRecord>();
  private carry = "";
  private lineNumber = 0;
  private lastCommitted: number;

  constructor(private readonly options: ImportBatcherOptions) {
    this.lastCommitted = options.resumeAfter;
  }

  /** Feeds the next piece of text; answers the batches it completed. */
  write(text: string): ImportBatch[] {
    const batches: ImportBatch[] = [];
    const data = this.carry + text;
    let start = 0;
    let end: number;
    while ((end = data.indexOf("\n", start)) !== -1) {
      if (this.line(data.charCodeAt(end - 1) === 13 ? data.slice(start, end - 1) : data.slice(start, end))) {
        // Everything before the incomplete order (if any) is done.
        batches.push(this.cut((this.assembler.pendingSince ?? this.lineNumber + 1) - 1));
      }
      start = end + 1;
    }
    this.carry = data.slice(start);
    return batches;
  }

  /** End of input: answers the last batch (possibly without records, to record the lines read). */
  end(): ImportBatch[] {
    if (this.carry.length > 0) this.line(this.carry.replace(/\r$/, ""));
    this.carry = "";
    for (const unit of this.assembler.flush()) {
      if (unit.record.kind === "order") this.orders.set(unit.record.value.shopifyGid, unit.record.value);
    }
    return this.lineNumber > this.lastCommitted ? [this.cut(this.lineNumber)] : [];
  }

  /** Handles one line; answers whether the batch is full. */
  private line(line: string): boolean {
    this.lineNumber++;
    if (this.lineNumber <= this.options.resumeAfter || line.length === 0) return false;
    for (const unit of this.assembler.push(line, this.lineNumber)) {
      if (unit.record.kind === "order") this.orders.set(unit.record.value.shopifyGid, unit.record.value);
      else this.customers.set(unit.record.value.shopifyGid, unit.record.value);
    }
    return this.orders.size + this.customers.size >= this.options.batchSize;
  }

  private cut(committedLine: number): ImportBatch {
    const orders = [...this.orders.values()];
    const customers = [...this.customers.values()];
    const known = this.options.customerIds;
    const unresolved = new Set<string>();
    for (const order of orders) {
      // A customer written by this same batch is not stubbed: it is written before the orders, which find it.
      const gid = order.customerGid;
      if (gid !== null && !known.has(gid) && !this.customers.has(gid)) unresolved.add(gid);
    }
    const batch: ImportBatch = {
      committedLine,
      linesRead: this.lineNumber,
      customerRows: customerRowsDocument(customers),
      customerCount: customers.length,
      orderRows: orderRowsDocument(orders, (gid) => known.get(gid)),
      orderCount: orders.length,
      customerGids: customers.map((customer) => customer.shopifyGid),
      orderGids: orders.map((order) => order.shopifyGid),
      unresolvedCustomerGids: [...unresolved],
      malformed: this.assembler.takeMalformed(committedLine),
    };
    this.orders = new Map();
    this.customers = new Map();
    this.lastCommitted = committedLine;
    return batch;
  }
}
