/**
 * The serving benchmark's open-loop load generator (bench/serving.ts), run in a worker thread of its own for
 * each measurement: a fresh heap and event loop, so the generator's own garbage collection and the backlog of
 * an earlier saturated measurement never show up as server latency.
 *
 * Open loop: request i is due at start + i / rate, and its latency counts from then, not from when it was
 * sent, so a stalled server is not hidden by a waiting client.
 *
 * Each measurement first runs `warmUpSeconds` at the same rate over the same connections and discards them,
 * then measures without a pause (a backlog left by the warm-up counts against the measurement): a fresh
 * generator otherwise spends its first few hundred milliseconds opening connections and compiling, which at
 * 1,000 req/s is more than the 1% of a 10 s window that p99 looks at. A load balancer in front of the app
 * keeps its connections open the same way.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { Agent } from "undici";

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
}

export interface OpenLoopPlan {
  /** Requests alternate between these servers. */
  urls: string[];
  /** Request i is requests[i % length]. */
  requests: LoadRequest[];
  /** Each request from its own shopper address (X-Forwarded-For), as storefront traffic comes. */
  spreadAddresses: boolean;
  rate: number;
  seconds: number;
  /** Sent at the same rate before the measured requests, and not counted (default 0). */
  warmUpSeconds?: number;
}

export interface OpenLoopResult {
  p50: number;
  p99: number;
  errors: number;
  /** Answers 200 per second. */
  achieved: number;
}

export function openLoop(plan: OpenLoopPlan): Promise<OpenLoopResult> {
  return new Promise((resolve, reject) => {
    // The thread loads this TypeScript file itself, through tsx's loader (Node 20 does not pass a parent's
    // --import hooks on to a worker).
    const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(bootstrap, { eval: true, workerData: plan });
    worker.once("message", (result: OpenLoopResult) => resolve(result));
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
  });
}

async function drive(plan: OpenLoopPlan): Promise<OpenLoopResult> {
  const agent = new Agent({ connections: 128, pipelining: 1 });
  // The dispatcher's own request API: no URL object built and parsed again per request.
  const origins = plan.urls.map((url) => new URL(url).origin);
  const warmUp = Math.round(plan.rate * (plan.warmUpSeconds ?? 0));
  const measured = Math.round(plan.rate * plan.seconds);
  const total = warmUp + measured;
  const latencies = new Float64Array(measured);
  let answered = 0;
  let errors = 0;
  const start = performance.now();
  const measuredFrom = start + (warmUp * 1000) / plan.rate;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / plan.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const { path, headers } = plan.requests[i % plan.requests.length];
    const sent = plan.spreadAddresses ? { ...headers, "X-Forwarded-For": `198.51.${(i >> 8) & 255}.${i & 255}` } : headers;
    const counted = i >= warmUp;
    inFlight.push(
      agent.request({ origin: origins[i % origins.length], path, method: "GET", headers: sent }).then(
        async (response) => {
          await response.body.arrayBuffer();
          if (!counted) return;
          if (response.statusCode === 200) latencies[answered++] = performance.now() - due;
          else errors++;
        },
        () => void (counted && errors++),
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - measuredFrom) / 1000;
  await agent.close();
  const sorted = latencies.subarray(0, answered).sort();
  const at = (q: number) => (answered === 0 ? NaN : sorted[Math.min(answered - 1, Math.floor(q * answered))]);
  return { p50: at(0.5), p99: at(0.99), errors, achieved: answered / elapsed };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void drive(workerData as OpenLoopPlan).then((result) => port.postMessage(result));
}
