import { ensureBuilt } from "./ensure-built";

ensureBuilt();
await import("../app/server/index");
