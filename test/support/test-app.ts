import { Writable } from "node:stream";
import { loadConfig, type AppConfig } from "../../app/config/env";
import { createApp, type AppDependencies } from "../../app/server/app";
import { createLogger } from "../../app/server/logger";
import type { Database } from "../../app/infra/db/database";

export interface CapturedLogs {
  lines: string[];
  text(): string;
}

/** The HTTP app over a test database, in demo mode unless env says otherwise; logs captured for assertions. */
export function buildTestApp(db: Database, env: Record<string, string> = {}, deps: Pick<AppDependencies, "adminClients" | "scoring" | "rateLimitStores"> = {}) {
  const config: AppConfig = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "info", ...env });
  const logs: CapturedLogs = { lines: [], text: () => logs.lines.join("") };
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.lines.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger({ level: "info", destination });
  const { app, shopify, jobs, close } = createApp({ config, db, logger, ...deps });
  return { app, shopify, jobs, close, config, logs };
}
