import { createHash } from "node:crypto";
import type { Store } from "express-rate-limit";
import { RedisStore, type RedisReply } from "rate-limit-redis";
import { createClient } from "redis";

/** Where rate-limit counters live: one store per limiter (express-rate-limit refuses a shared instance). */
export interface RateLimitStores {
  /** "redis" when shared by every web instance; "memory" counts per process. */
  readonly kind: "redis" | "memory";
  /** A store for one limiter, its keys under `prefix`; undefined means express-rate-limit's memory store. */
  create(prefix: string): Store | undefined;
  close(): Promise<void>;
}

interface Logger {
  warn(context: object, message: string): void;
}

/**
 * With REDIS_URL, counters are shared through Redis (rate-limit-redis), so N web instances behind a load
 * balancer enforce one limit, not N. Without it (the embedded default: one process) they stay in memory.
 * A Redis outage must not take the storefront down: the limiters pass requests while the store fails
 * (passOnStoreError) and the client reconnects in the background.
 */
export function createRateLimitStores(options: { redisUrl?: string; logger: Logger; namespace?: string }): RateLimitStores {
  if (!options.redisUrl) return { kind: "memory", create: () => undefined, close: async () => {} };
  const client = createClient({ url: options.redisUrl, socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(retries * 200, 5_000) } });
  let warned = false;
  client.on("error", (error: Error) => {
    if (warned) return;
    warned = true;
    options.logger.warn({ err: error.message }, "rate-limit store (Redis) unavailable; limits pass requests until it is back");
  });
  client.on("ready", () => (warned = false));
  const connecting = client.connect().catch(() => {});
  // The first requests after boot wait briefly for the connection; later ones never wait on a dead Redis.
  const firstConnect = Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  const sendCommand = async (...args: string[]): Promise<RedisReply> => {
    if (!client.isReady) await firstConnect;
    if (client.isReady) return (await client.sendCommand(args)) as RedisReply;
    // Redis is down. The store loads its Lua scripts once, at start: answer with the script's SHA1 (what
    // Redis itself returns), so the first EVALSHA after Redis is back gets NOSCRIPT and the store reloads it,
    // instead of keeping a rejected load for the life of the process.
    if (args[0]?.toUpperCase() === "SCRIPT" && args[1]?.toUpperCase() === "LOAD" && args[2]) return createHash("sha1").update(args[2]).digest("hex");
    throw new Error("rate-limit store unavailable");
  };
  return {
    kind: "redis",
    create: (prefix) => new RedisStore({ prefix: `${options.namespace ?? "encore"}:rl:${prefix}:`, sendCommand }),
    async close() {
      // A reconnecting client would wait for Redis to come back before closing: drop it instead.
      if (client.isReady) await client.close().catch(() => {});
      else if (client.isOpen) client.destroy();
    },
  };
}
