/** Applies pending migrations to DATABASE_URL (the embedded PGlite directory by default). */
import { loadConfig } from "../app/config/env";
import { openDatabase } from "../app/infra/db/database";

const config = loadConfig();
const db = await openDatabase({ url: config.databaseUrl, poolSize: 2 });
try {
  const report = await db.migrate();
  console.log(
    report.applied.length > 0
      ? `Applied ${report.applied.join(", ")} to ${db.description} in ${Math.round(report.ms)} ms`
      : `${db.description} is up to date (${report.alreadyApplied} migrations)`,
  );
} finally {
  await db.close();
}
