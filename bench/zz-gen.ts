import { writeFileSync } from "node:fs";
import { generateDemoHistory } from "../app/domain/demo/generate-demo-history";
import { ordersBulkJsonl } from "../app/domain/demo/to-bulk-jsonl";
const h = generateDemoHistory({ seed: 1, now: new Date("2026-01-01"), customerCount: 30000 });
const lines = [...ordersBulkJsonl(h)];
writeFileSync("/tmp/encore-prof/orders.jsonl", lines.join("\n") + "\n");
console.log(h.orders.length, lines.length);
