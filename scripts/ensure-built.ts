/**
 * Builds only what is stale, so `npm start` after the first run goes straight to the server:
 * the Prisma client (git-ignored, generated from prisma/schema.prisma) and the Vite admin bundle.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, name) => Math.max(newest, newestMtime(path.join(target, name))), stat.mtimeMs);
}

function isStale(output: string, inputs: string[]): boolean {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  return built === 0 || inputs.some((input) => newestMtime(input) > built);
}

function run(command: string, args: string[]): void {
  execFileSync(command, args, { cwd: ROOT, stdio: "inherit" });
}

export function ensureBuilt(): void {
  const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
  if (isStale(path.join(ROOT, "app/infra/db/generated/client.ts"), [path.join(ROOT, "prisma/schema.prisma")])) {
    run(bin("prisma"), ["generate"]);
  }
  const adminInputs = ["app/admin", "app/domain", "vite.config.ts", "package-lock.json"].map((p) => path.join(ROOT, p));
  if (isStale(path.join(ROOT, "dist/admin/index.html"), adminInputs)) {
    run(bin("vite"), ["build", "--logLevel", "warn"]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureBuilt();
