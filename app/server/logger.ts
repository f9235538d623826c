import pino, { type Logger } from "pino";

export type { Logger } from "pino";

/**
 * Structured JSON logs. Tokens and customer PII must never reach them: known sensitive keys are redacted
 * wherever they appear, and request logs carry only method, path (no query string) and status.
 */
export const REDACTED_LOG_KEYS = [
  "accessToken",
  "access_token",
  "token",
  "sessionToken",
  "authorization",
  "cookie",
  "apiSecret",
  "apiSecretKey",
  "password",
  "email",
  "phone",
  "firstName",
  "lastName",
  "first_name",
  "last_name",
  "address",
  "address1",
  "address2",
  "name",
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  const paths = REDACTED_LOG_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  return pino(
    {
      level: options.level,
      base: { app: "encore" },
      redact: { paths, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
