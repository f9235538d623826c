import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { BulkRecordAssembler } from "../app/domain/sync/bulk-jsonl";
import { prepareValue } from "pg/lib/utils.js";
const file = process.argv[2];
let t = performance.now(); let n = 0;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) n++;
console.log("readline", n, performance.now() - t);
t = performance.now(); const a = new BulkRecordAssembler(); let units: any[] = []; let k = 0;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) { k++; for (const u of a.push(line, k)) units.push(u); }
console.log("parse+assemble", units.length, performance.now() - t);
t = performance.now();
const orders = units.map(u => u.record.value);
for (let i = 0; i < orders.length; i += 5000) { const b = orders.slice(i, i + 5000); prepareValue(b.map((o: any) => o.placedAt)); prepareValue(b.map((o: any) => o.shopifyGid)); prepareValue(b.map((o: any) => o.totalPrice)); }
console.log("prepare 3 arrays", performance.now() - t);
