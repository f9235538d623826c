import type { Server } from "node:http";
import { loadConfig, type AppConfig } from "../config/env";
import { openDatabase, type Database } from "../infra/db/database";
import { prepareDemoShop } from "../infra/demo/prepare-demo-shop";
import { createApp } from "./app";
import { createLogger, type Logger } from "./logger";

export interface RunningServer {
  /** Null for a worker-only process, which serves no HTTP. */
  url: string | null;
  config: AppConfig;
  db: Database;
  server: Server | null;
  /**
   * Graceful stop (SIGTERM): stops accepting connections and claiming jobs at once, lets in-flight requests
   * and running jobs finish within the grace period (then cuts the connections, and hands the jobs back to
   * the queue for another worker), then closes the database.
   */
  stop(): Promise<void>;
}

/**
 * Boot sequence shared by `npm start` and the tests: config → database → migrations → demo seed → workers
 * (roles all, worker) → listen (roles all, web).
 */
export async function startServer(env: Record<string, string | undefined> = process.env, logger?: Logger): Promise<RunningServer> {
  const config = loadConfig(env);
  const log = logger ?? createLogger({ level: config.logLevel });
  const db = await openDatabase({ url: config.databaseUrl, poolSize: config.databasePoolSize, poolMin: config.databasePoolMin });
  try {
    const migrations = await db.migrate();
    log.info({ applied: migrations.applied, ms: Math.round(migrations.ms) }, "migrations");
    if (config.demo) {
      await prepareDemoShop(db, { shopDomain: config.demo.shopDomain, seed: config.demo.seed, now: new Date(), log });
    }
    const { app, jobs, close } = createApp({ config, db, logger: log });
    if (config.role !== "web") await jobs.start({ concurrency: config.jobConcurrency });
    const server = config.role === "worker" ? null : await listen(app, config);
    const address = server?.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const url = !server ? null : config.mode === "demo" ? `http://${config.host}:${port}/` : config.shopify.appUrl;
    return {
      url,
      config,
      db,
      server,
      async stop() {
        const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
        server?.closeIdleConnections();
        const cut = setTimeout(() => server?.closeAllConnections(), config.shutdownGraceMs);
        try {
          await Promise.all([closed, jobs.stop(config.shutdownGraceMs)]);
        } finally {
          clearTimeout(cut);
        }
        await close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

function listen(app: ReturnType<typeof createApp>["app"], config: AppConfig): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once("error", reject);
  });
}
