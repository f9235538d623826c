import type { Server } from "node:http";
import { loadConfig, type AppConfig } from "../config/env";
import { openDatabase, type Database } from "../infra/db/database";
import { prepareDemoShop } from "../infra/demo/prepare-demo-shop";
import { nextPruningRun, schedulePruning } from "../infra/jobs/job-handlers";
import { createApp } from "./app";
import { createLogger, type Logger } from "./logger";

export interface RunningServer {
  url: string;
  config: AppConfig;
  db: Database;
  server: Server;
  stop(): Promise<void>;
}

/** Boot sequence shared by `npm start` and the tests: config → database → migrations → demo seed → listen. */
export async function startServer(env: Record<string, string | undefined> = process.env, logger?: Logger): Promise<RunningServer> {
  const config = loadConfig(env);
  const log = logger ?? createLogger({ level: config.logLevel });
  const db = await openDatabase({ url: config.databaseUrl, poolSize: config.databasePoolSize });
  try {
    const migrations = await db.migrate();
    log.info({ applied: migrations.applied, ms: Math.round(migrations.ms) }, "migrations");
    if (config.demo) {
      await prepareDemoShop(db, { shopDomain: config.demo.shopDomain, seed: config.demo.seed, now: new Date(), log });
    }
    const { app, jobs } = createApp({ config, db, logger: log });
    await schedulePruning(db.pool, nextPruningRun(new Date()));
    jobs.start();
    const server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(config.port, config.host, () => resolve(listening));
      listening.once("error", reject);
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const url = config.mode === "demo" ? `http://${config.host}:${port}/` : config.shopify.appUrl;
    return {
      url,
      config,
      db,
      server,
      async stop() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await jobs.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
