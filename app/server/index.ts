import { ConfigError } from "../config/env";
import { DataDirLockedError } from "../infra/db/embedded-postgres";
import { startServer } from "./start";

const started = performance.now();
try {
  const running = await startServer();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    running.config.mode === "demo"
      ? `Encore is running in demo mode (shop ${running.config.demo!.shopDomain}, ${running.db.description}) at ${running.url} [started in ${seconds}s]`
      : `Encore is running as an embedded Shopify app at ${running.url} (${running.db.description}) [started in ${seconds}s]`,
  );
  const shutdown = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
  } else {
    console.error("Encore failed to start:", error);
  }
  process.exit(1);
}
