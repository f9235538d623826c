import { ConfigError } from "../config/env";
import { DataDirLockedError } from "../infra/db/embedded-postgres";
import { startServer } from "./start";

const started = performance.now();
const SHUTDOWN_LIMIT_MS = 9_500;
try {
  const running = await startServer();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const role = running.config.role === "all" ? "" : ` (${running.config.role} role)`;
  console.log(
    !running.url
      ? `Encore worker is running${role} on ${running.db.description} [started in ${seconds}s]`
      : running.config.mode === "demo"
        ? `Encore is running in demo mode${role} (shop ${running.config.demo!.shopDomain}, ${running.db.description}) at ${running.url} [started in ${seconds}s]`
        : `Encore is running as an embedded Shopify app${role} at ${running.url} (${running.db.description}) [started in ${seconds}s]`,
  );
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    // A second signal while stopping: the operator wants out now.
    if (stopping) process.exit(1);
    stopping = true;
    // The platform's kill follows ~10 s after SIGTERM: never outlive it, whatever hangs.
    setTimeout(() => {
      console.error(`Encore did not stop within ${SHUTDOWN_LIMIT_MS} ms of ${signal}; exiting`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    try {
      await running.stop();
      process.exit(0);
    } catch (error) {
      console.error("Encore failed to stop cleanly:", error);
      process.exit(1);
    }
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
  } else {
    console.error("Encore failed to start:", error);
  }
  process.exit(1);
}
