import { BulkRecordAssembler, type AssembledUnit } from "../../domain/sync/bulk-jsonl";
import type { CustomerRecord, OrderRecord } from "../../domain/sync/commerce-records";
import { customerRowsDocument, orderRowsDocument, type OrderDocuments } from "../db/repositories/commerce-rows";

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** One transaction's worth of a bulk import: whole orders (with their line items) and customers. */
export interface ImportBatch {
  /** Every line up to here belongs to this batch or an earlier one: the resume position once it is committed. */
  committedLine: number;
  linesRead: number;
  /** The customers as `upsertCustomerRows` takes them, and the orders as `upsertOrderRows` does (commerce-rows.ts). */
  customerRows: Uint8Array;
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
 * Turns the bytes of a bulk-operation JSONL file (UTF-8), fed in pieces, into import batches: splits lines, joins line
 * items to their orders, and serialises the orders ready for the database, so that all of the CPU-heavy part
 * of an import can run on its own thread. A batch ends at an order boundary, so a resumed import never starts
 * in the middle of an order; malformed lines travel with the batch that commits past them.
 */
export class ImportBatcher {
  private readonly assembler = new BulkRecordAssembler();

  /**
   * Memory of documents the importer has finished with, written into again (see json-parameter.ts), kept by
   * role: an orders file's customer documents stay tiny while its item documents take megabytes, so memory
   * reused across roles would grow again, and a small document would hold a large buffer.
   */
  private readonly spare: { [role in keyof DocumentMemory]: ArrayBuffer[] } = { customerRows: [], orderRows: [], orderItems: [] };

  reuseMemory(memory: DocumentMemory): void {
    this.spare.customerRows.push(memory.customerRows);
    this.spare.orderRows.push(memory.orderRows);
    this.spare.orderItems.push(memory.orderItems);
  }

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
  /**
   * The bytes of the incomplete last line, copied out of the pieces it began in (their memory goes back to the
   * caller); joined once, when its newline arrives, so a line spanning many pieces is copied twice, not once
   * per piece.
   */
  private carry: Buffer[] = [];
  private lineNumber = 0;
  private lastCommitted: number;

  constructor(private readonly options: ImportBatcherOptions) {
    this.lastCommitted = options.resumeAfter;
  }

  /**
   * Feeds the next piece of the file's bytes (cut anywhere, even inside a character); answers the batches it
   * completed. Lines are found on the bytes and each is decoded on its own: a newline byte never occurs inside
   * a multi-byte UTF-8 character, and V8 parses a freshly decoded flat string 3x faster than a slice of one
   * decoded piece (measured: 300 MiB split and parsed in 1.8 s against 5.9 s).
   */
  write(bytes: Uint8Array): ImportBatch[] {
    const batches: ImportBatch[] = [];
    const piece = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let start = 0;
    if (this.carry.length > 0) {
      // Only the line cut in two is joined: concatenating whole pieces would copy every byte once more.
      const first = piece.indexOf(NEWLINE);
      if (first === -1) {
        this.carry.push(Buffer.from(piece));
        return batches;
      }
      const joined = Buffer.concat([...this.carry, piece.subarray(0, first)]);
      this.carry = [];
      this.take(joined, 0, joined.length, batches);
      start = first + 1;
    }
    let end: number;
    while ((end = piece.indexOf(NEWLINE, start)) !== -1) {
      this.take(piece, start, end, batches);
      start = end + 1;
    }
    if (start < piece.length) this.carry.push(Buffer.from(piece.subarray(start)));
    return batches;
  }

  /** End of input: answers the last batch (possibly without records, to record the lines read). */
  end(): ImportBatch[] {
    const last = Buffer.concat(this.carry);
    this.carry = [];
    const batches: ImportBatch[] = [];
    if (last.length > 0) this.take(last, 0, last.length, batches);
    this.keep(this.assembler.flush());
    if (this.lineNumber > this.lastCommitted) batches.push(this.cut(this.lineNumber));
    return batches;
  }

  /** The line at bytes [start, end) of `data` (without its newline); cuts a batch when it is full. */
  private take(data: Buffer, start: number, end: number, batches: ImportBatch[]): void {
    if (this.line(data, start, end > start && data[end - 1] === CARRIAGE_RETURN ? end - 1 : end)) {
      // Everything before the incomplete order (if any) is done.
      batches.push(this.cut((this.assembler.pendingSince ?? this.lineNumber + 1) - 1));
    }
  }

  /** Handles the line at bytes [start, end) of `data`; answers whether the batch is full. */
  private line(data: Buffer, start: number, end: number): boolean {
    this.lineNumber++;
    // A byte-order mark is only possible at the very start of the file.
    if (this.lineNumber === 1 && end - start >= 3 && data[start] === 0xef && data[start + 1] === 0xbb && data[start + 2] === 0xbf) start += 3;
    if (this.lineNumber <= this.options.resumeAfter || end === start) return false;
    this.keep(this.assembler.push(data.toString("utf8", start, end), this.lineNumber));
    return this.orders.size + this.customers.size >= this.options.batchSize;
  }

  /** Adds completed records to the batch (a later copy of the same GID replaces an earlier one). */
  private keep(units: Iterable<AssembledUnit>): void {
    for (const unit of units) {
      if (unit.record.kind === "order") this.orders.set(unit.record.value.shopifyGid, unit.record.value);
      else this.customers.set(unit.record.value.shopifyGid, unit.record.value);
    }
  }

  private cut(committedLine: number): ImportBatch {
    const orders = [...this.orders.values()];
    const customers = [...this.customers.values()];
    const known = this.options.customerIds;
    const unresolved = new Set<string>();
    // One lookup per order in a map of up to a million customers (each a likely cache miss).
    const customerIds = orders.map((order) => {
      const gid = order.customerGid;
      if (gid === null) return undefined;
      const id = known.get(gid);
      // A customer written by this same batch is not stubbed: it is written before the orders, which find it.
      if (id === undefined && !this.customers.has(gid)) unresolved.add(gid);
      return id;
    });
    const batch: ImportBatch = {
      committedLine,
      linesRead: this.lineNumber,
      customerRows: customerRowsDocument(customers, this.spare.customerRows.pop()),
      customerCount: customers.length,
      orderRows: orderRowsDocument(orders, customerIds, { rows: this.spare.orderRows.pop(), items: this.spare.orderItems.pop() }),
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

/** The memory of one batch's three database documents, by role. */
export interface DocumentMemory {
  customerRows: ArrayBuffer;
  orderRows: ArrayBuffer;
  orderItems: ArrayBuffer;
}

export function documentMemoryOf(batch: ImportBatch): DocumentMemory {
  return { customerRows: batch.customerRows.buffer as ArrayBuffer, orderRows: batch.orderRows.rows.buffer as ArrayBuffer, orderItems: batch.orderRows.items.buffer as ArrayBuffer };
}

/** The batches' database documents' memory: moved between the threads instead of copied (each owns its own). */
export function documentsOf(batches: ImportBatch[]): ArrayBuffer[] {
  return batches.flatMap((batch) => Object.values(documentMemoryOf(batch)));
}
