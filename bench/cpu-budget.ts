/**
 * Where a measurement's CPU went, per request, on this machine (Linux /proc): the app's web instances, its
 * worker, the PostgreSQL and Redis servers (every process of theirs on this machine) and the load generator
 * (this benchmark's own process). On a 2-core machine that runs all of them, the sum decides how close to
 * saturation a rate is, and so how long the queues behind every pause get.
 * Elsewhere (no /proc) the snapshots are empty and the budget reads null.
 */
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

/** Linux's USER_HZ, in which /proc/<pid>/stat counts CPU time, is 100 on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export interface CpuParts {
  web: number[];
  worker?: number;
}

interface CpuSnapshot {
  /** CPU milliseconds so far, by part. */
  web: number;
  worker: number;
  generator: number;
  /** Per process: PostgreSQL starts and ends backends as connections come and go. */
  postgres: Map<number, number>;
  redis: Map<number, number>;
}

export interface CpuBudget {
  /** CPU milliseconds per request, by part, and in all. */
  web: number;
  worker: number;
  postgres: number;
  redis: number;
  generator: number;
  total: number;
  /** The share of the machine's cores the total took at the measured rate (1 = every core busy). */
  machineShare: number;
}

export function cpuSnapshot(parts: CpuParts): CpuSnapshot | null {
  if (!hasProc()) return null;
  const snapshot: CpuSnapshot = { web: 0, worker: 0, generator: 0, postgres: new Map(), redis: new Map() };
  for (const pid of parts.web) snapshot.web += processCpuMs(pid);
  if (parts.worker !== undefined) snapshot.worker = processCpuMs(parts.worker);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const command = readOrNull(`/proc/${entry}/comm`)?.trim() ?? "";
    const server = command.startsWith("postgres") ? snapshot.postgres : command.startsWith("redis-server") ? snapshot.redis : null;
    server?.set(Number(entry), processCpuMs(Number(entry)));
  }
  const own = process.cpuUsage();
  snapshot.generator = (own.user + own.system) / 1000;
  return snapshot;
}

/** The CPU between two snapshots spread over `requests` sent in `seconds`. */
export function cpuBudget(before: CpuSnapshot | null, after: CpuSnapshot | null, requests: number, seconds: number): CpuBudget | null {
  if (!before || !after || requests === 0) return null;
  const per = (part: "web" | "worker" | "generator") => Math.max(0, after[part] - before[part]) / requests;
  const perServer = (part: "postgres" | "redis") => serverCpuMs(before[part], after[part]) / requests;
  const parts = { web: per("web"), worker: per("worker"), postgres: perServer("postgres"), redis: perServer("redis"), generator: per("generator") };
  const total = parts.web + parts.worker + parts.postgres + parts.redis + parts.generator;
  return { ...parts, total, machineShare: (total * requests) / (seconds * 1000 * availableParallelism()) };
}

/**
 * A server's CPU between two snapshots: what each process that lived through both spent, plus all of what a
 * process started meanwhile spent. A process that ended meanwhile is left out (its last CPU time cannot be read),
 * so this can only undercount, and never goes negative.
 */
function serverCpuMs(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += Math.max(0, ms - (before.get(pid) ?? 0));
  return total;
}

function processCpuMs(pid: number): number {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (!stat) return 0;
  // The command name may hold spaces and parentheses: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function hasProc(): boolean {
  return readOrNull("/proc/self/stat") !== null;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
