/**
 * Scores every customer of a shop: npm run score -- --shop <domain>
 * Prints a progress line while it runs and a JSON summary at the end.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../app/config/env";
import { openDatabase } from "../app/infra/db/database";
import { scoreShop } from "../app/infra/scoring/score-shop";

const { values } = parseArgs({ options: { shop: { type: "string" } } });
const config = loadConfig();
const shopDomain = values.shop ?? config.demo?.shopDomain;
if (!shopDomain) {
  console.error("usage: npm run score -- --shop <domain>");
  process.exit(2);
}
const db = await openDatabase({ url: config.databaseUrl, poolSize: 2 });
try {
  await db.migrate();
  let lastLine = 0;
  const report = await scoreShop(db, {
    shopDomain,
    now: new Date(),
    trigger: "manual",
    onProgress: ({ phase, done, total }) => {
      if (Date.now() - lastLine < 200 && phase !== "done") return;
      lastLine = Date.now();
      process.stderr.write(`\r${phase.padEnd(8)} ${total > 0 ? `${done}/${total} (${Math.round((100 * done) / total)}%)` : ""}`.padEnd(40));
    },
  });
  process.stderr.write("\n");
  console.log(JSON.stringify({ shop: shopDomain, ...report, timings: Object.fromEntries(Object.entries(report.timings).map(([k, v]) => [k, Math.round(v)])) }));
} catch (error) {
  process.stderr.write("\n");
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
