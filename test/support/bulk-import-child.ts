/**
 * Child process for the crash test: imports one JSONL file into an existing SyncRun, printing a line after
 * every committed batch, so the parent can SIGKILL it mid-import and start it again.
 * Args: <databaseUrl> <shopId> <syncRunId> <file> <batchSize> [pgliteTemplate]
 */
import { createReadStream, readFileSync } from "node:fs";
import { openDatabase } from "../../app/infra/db/database";
import { importBulkJsonl, importWritersFor } from "../../app/infra/sync/jsonl-importer";

const [url, shopId, syncRunId, file, batchSize, template] = process.argv.slice(2);
const db = await openDatabase({
  url,
  poolSize: 2,
  embeddedTemplate: template ? new Blob([readFileSync(template)]) : undefined,
});
await db.migrate();
console.log("ready");
await importBulkJsonl({
  pool: db.pool,
  shopId,
  syncRunId,
  open: () => createReadStream(file),
  batchSize: Number(batchSize),
  writers: importWritersFor(db),
  onCommit: (progress) => console.log(`committed ${progress.committedLine}`),
});
await db.close();
console.log("done");
