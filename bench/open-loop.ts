/**
 * The serving benchmark's open-loop load generator (bench/serving.ts), run in a worker thread of its own for
 * each measurement: a fresh heap and event loop, so the generator's own garbage collection and the backlog of
 * an earlier saturated measurement never show up as server latency.
 *
 * Open loop: request i is due at start + i / rate, and its latency counts from then, not from when it was
 * sent, so a stalled server is not hidden by a waiting client. No request leaves before it is due (one sent
 * early would have its latency understated by up to a timer tick); the generator's own lateness in sending
 * is reported (sendLagP99) so a late generator is not mistaken for a slow server.
 *
 * Each measurement first runs `warmUpSeconds` at the same rate over the same connections and discards them,
 * then measures without a pause (a backlog left by the warm-up counts against the measurement): a fresh
 * generator otherwise spends its first few hundred milliseconds opening connections and compiling, which at
 * 1,000 req/s is more than the 1% of a 10 s window that p99 looks at. A load balancer in front of the app
 * keeps its connections open the same way.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { Agent, type Dispatcher } from "undici";

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
  /** How late the generator sent its requests, p99 (ms): part of every latency above, not the server's. */
  sendLagP99: number;
}

/** Whole-run figures beside the measured window's: for the CPU budget (cpu-budget.ts). */
export interface OpenLoopRun extends OpenLoopResult {
  /** Requests sent, the warm-up's included. */
  sent: number;
  /** From the first request's due time to the last answer, the warm-up's included. */
  seconds: number;
}

/** `onStart` is called when the generator is ready and about to send its first request (its thread has loaded). */
export function openLoop(plan: OpenLoopPlan, onStart?: () => void): Promise<OpenLoopRun> {
  return new Promise((resolve, reject) => {
    // The thread loads this TypeScript file itself, through tsx's loader (Node 20 does not pass a parent's
    // --import hooks on to a worker).
    const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(bootstrap, { eval: true, workerData: plan });
    worker.on("message", (message: { started: true } | OpenLoopRun) => {
      if ("started" in message) onStart?.();
      else resolve(message);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
  });
}

async function drive(plan: OpenLoopPlan, started: () => void): Promise<OpenLoopRun> {
  const agent = new Agent({ connections: 128, pipelining: 1 });
  // Requests go out by origin and path (send below): no URL object built and parsed again per request.
  const origins = plan.urls.map((url) => new URL(url).origin);
  const warmUp = Math.round(plan.rate * (plan.warmUpSeconds ?? 0));
  const measured = Math.round(plan.rate * plan.seconds);
  const total = warmUp + measured;
  const latencies = new Float64Array(measured);
  const sendLags = new Float64Array(measured);
  let answered = 0;
  let errors = 0;
  started();
  const start = performance.now();
  const measuredFrom = start + (warmUp * 1000) / plan.rate;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / plan.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const { path, headers } = plan.requests[i % plan.requests.length];
    const sent = plan.spreadAddresses ? { ...headers, "X-Forwarded-For": `198.51.${(i >> 8) & 255}.${i & 255}` } : headers;
    const counted = i >= warmUp;
    if (counted) sendLags[i - warmUp] = performance.now() - due;
    inFlight.push(
      send(agent, { origin: origins[i % origins.length], path, method: "GET", headers: sent }).then(
        (statusCode) => {
          if (!counted) return;
          if (statusCode === 200) latencies[answered++] = performance.now() - due;
          else errors++;
        },
        () => void (counted && errors++),
      ),
    );
  }
  await Promise.all(inFlight);
  const end = performance.now();
  const elapsed = (end - measuredFrom) / 1000;
  await agent.close();
  const sorted = latencies.subarray(0, answered).sort();
  const at = (q: number) => (answered === 0 ? NaN : sorted[Math.min(answered - 1, Math.floor(q * answered))]);
  sendLags.sort();
  return {
    p50: at(0.5),
    p99: at(0.99),
    errors,
    achieved: answered / elapsed,
    sendLagP99: sendLags[Math.floor(0.99 * measured)] ?? NaN,
    sent: total,
    seconds: (end - start) / 1000,
  };
}

/**
 * One request through undici's dispatcher with a bare handler: the status code once the answer has been read
 * to its end. The generator shares the machine's two cores with the servers it measures, so it uses the
 * dispatcher's lowest public API: `request()` builds a body stream and its promises for every answer (0.29
 * against 0.25 ms of the generator's CPU per request, interleaved A/B at 1,000 req/s).
 */
export function send(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    let statusCode = 0;
    dispatcher.dispatch(options, {
      onConnect: () => {},
      onHeaders: (status) => {
        statusCode = status;
        return true;
      },
      onData: () => true,
      onComplete: () => resolve(statusCode),
      onError: reject,
    });
  });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void drive(workerData as OpenLoopPlan, () => port.postMessage({ started: true })).then((result) => port.postMessage(result));
}
