import { z } from "zod";
import { ApiVersion } from "@shopify/shopify-api";

/** The one Admin API version used by the code, shopify.app.toml and every extension TOML (a test checks). */
export const ADMIN_API_VERSION = ApiVersion.October26;

/** Demo mode signs and verifies with these, so every security path can be exercised locally. */
export const DEMO_API_KEY = "encore-demo";
export const DEMO_API_SECRET = "encore-demo-secret";
export const DEMO_SHOP_DOMAIN = "encore-demo.myshopify.com";

export const DEFAULT_DATABASE_URL = "pglite:data/pglite";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const rawEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default("localhost"),
  DATABASE_URL: z
    .string()
    .trim()
    .default(DEFAULT_DATABASE_URL)
    .refine((value) => /^(postgres(ql)?:\/\/|pglite:)/.test(value), {
      message: "must be a postgres:// URL, or pglite:<directory> / pglite:memory for the embedded database",
    }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DATABASE_POOL_MIN: z.coerce.number().int().min(0).max(100).default(0),
  SHOPIFY_API_KEY: optionalString,
  SHOPIFY_API_SECRET: optionalString,
  SHOPIFY_APP_URL: optionalString.pipe(z.url().optional()),
  // Must equal [access_scopes] in shopify.app.toml (test/config/api-version.test.ts checks it).
  SCOPES: z.string().trim().default("write_customers,read_orders,read_all_orders,write_discounts"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DEMO_SEED: z.coerce.number().int().default(42),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).optional(),
  ENCORE_ROLE: z.enum(["all", "web", "worker"]).default("all"),
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  JOB_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(8_000),
  REDIS_URL: optionalString.pipe(z.url().optional()),
  EXTENSION_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1_200),
});

/** all: web and worker in one process (the default); web: HTTP only (enqueues); worker: jobs only. */
export type AppRole = "all" | "web" | "worker";

export type AppMode = "shopify" | "demo";

export interface AppConfig {
  mode: AppMode;
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string;
  databasePoolSize: number;
  /** PostgreSQL connections opened at start and never closed for idleness (at most the pool size). */
  databasePoolMin: number;
  /** Proxies whose X-Forwarded-For entries are believed (shopify mode default 1, demo 0). */
  trustedProxyHops: number;
  role: AppRole;
  /** Jobs of each kind a worker runs at once. */
  jobConcurrency: number;
  /** How often workers look for jobs whose worker died (missed heartbeats) and expired ones. */
  jobSuperviseSeconds: number;
  /** On SIGTERM, how long in-flight requests and running jobs get before they are cut off (the rest of 10 s closes). */
  shutdownGraceMs: number;
  /** Shared rate-limit counters across web instances; in-process counters without it. */
  redisUrl: string | undefined;
  /** Thank-you extension API requests per shop and minute (a large shop's checkout peak may need more). */
  extensionRateLimitPerMinute: number;
  logLevel: z.infer<typeof rawEnvSchema>["LOG_LEVEL"];
  shopify: {
    apiKey: string;
    apiSecret: string;
    appUrl: string;
    scopes: string[];
    apiVersion: ApiVersion;
  };
  demo: { shopDomain: string; seed: number } | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
}

const SHOPIFY_KEYS = ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"] as const;

/**
 * The only reader of process.env. Reports every missing or invalid key at once. Without Shopify credentials
 * the app runs in demo mode, except in production, where all three are required.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = rawEnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  const values = parsed.success ? parsed.data : undefined;

  const present = SHOPIFY_KEYS.filter((key) => optionalValue(env[key]) !== undefined);
  const nodeEnv = values?.NODE_ENV ?? (env.NODE_ENV as AppConfig["nodeEnv"]);
  // A secret alone keeps demo mode (it only replaces the development signing secret); an API key or app URL
  // means a real Shopify app, which needs all three.
  const wantsShopify =
    present.includes("SHOPIFY_API_KEY") || present.includes("SHOPIFY_APP_URL") || nodeEnv === "production";
  if (wantsShopify) {
    for (const key of SHOPIFY_KEYS) {
      if (!present.includes(key)) {
        problems.push(`${key}: required ${nodeEnv === "production" ? "in production" : `when ${present.join(", ")} is set`}`);
      }
    }
  }
  // Demo mode signs with a secret printed in the README: reachable from elsewhere, anyone could mint session
  // tokens for it. Off loopback it needs a private secret of its own.
  const exposedHost = values && !isLoopbackHost(values.HOST);
  const privateSecret = values?.SHOPIFY_API_SECRET && values.SHOPIFY_API_SECRET !== DEMO_API_SECRET && values.SHOPIFY_API_SECRET.length >= 16;
  if (!wantsShopify && exposedHost && !privateSecret) {
    problems.push(
      `HOST: demo mode on ${values!.HOST} would serve the demo shop to anyone who can reach it with the public development secret; bind to localhost, or set SHOPIFY_API_SECRET to a private secret (16+ characters)`,
    );
  }
  if (problems.length > 0 || !values) throw new ConfigError(problems);

  const mode: AppMode = wantsShopify ? "shopify" : "demo";
  return {
    mode,
    nodeEnv: values.NODE_ENV,
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    databasePoolSize: values.DATABASE_POOL_SIZE,
    databasePoolMin: Math.min(values.DATABASE_POOL_MIN, values.DATABASE_POOL_SIZE),
    trustedProxyHops: values.TRUSTED_PROXY_HOPS ?? (mode === "shopify" ? 1 : 0),
    role: values.ENCORE_ROLE,
    jobConcurrency: values.JOB_CONCURRENCY,
    jobSuperviseSeconds: values.JOB_SUPERVISE_SECONDS,
    shutdownGraceMs: values.SHUTDOWN_GRACE_MS,
    redisUrl: values.REDIS_URL,
    extensionRateLimitPerMinute: values.EXTENSION_RATE_LIMIT_PER_MINUTE,
    logLevel: values.LOG_LEVEL,
    shopify: {
      apiKey: values.SHOPIFY_API_KEY ?? DEMO_API_KEY,
      apiSecret: values.SHOPIFY_API_SECRET ?? DEMO_API_SECRET,
      appUrl: values.SHOPIFY_APP_URL ?? `http://localhost:${values.PORT}`,
      scopes: values.SCOPES.split(",").map((scope) => scope.trim()).filter(Boolean),
      apiVersion: ADMIN_API_VERSION,
    },
    demo: mode === "demo" ? { shopDomain: DEMO_SHOP_DOMAIN, seed: values.DEMO_SEED } : null,
  };
}

/**
 * The app's secret as loadConfig resolves it (SHOPIFY_API_SECRET, else the development secret), without
 * validating the rest of the environment: repositories deep inside a webhook's transaction derive keys from
 * it (customer tombstones) without a config object passed down to them.
 */
export function appSecret(env: Record<string, string | undefined> = process.env): string {
  return optionalValue(env.SHOPIFY_API_SECRET)?.trim() ?? DEMO_API_SECRET;
}

function optionalValue(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** Hosts only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return name === "localhost" || name === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
