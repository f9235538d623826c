import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;

/**
 * Starts a worker thread running a TypeScript module. Node 20 does not apply `--import tsx` to a worker's own
 * entry module, so the worker registers tsx's loader itself before importing the module.
 */
export function startTypeScriptWorker(moduleUrl: URL, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  const bootstrap = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
