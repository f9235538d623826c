import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DOMAIN = path.resolve(import.meta.dirname, "../../app/domain");
const FORBIDDEN = [/^express$/, /^@prisma\//, /^@shopify\//, /^pg$/, /^pino$/, /^node:/, /\/(server|infra|config|admin)\//];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g)) {
    specifiers.push(match[1] ?? match[2] ?? match[3]);
  }
  return specifiers;
}

describe("app/domain stays pure", () => {
  const files = sourceFiles(DOMAIN);

  it("has modules to check", () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(files.map((file) => [path.relative(DOMAIN, file)]))("%s imports nothing from frameworks, I/O or adapters", (file) => {
    const source = readFileSync(path.join(DOMAIN, file), "utf8");
    const offending = importsOf(source).filter((specifier) => {
      const resolved = specifier.startsWith(".") ? path.resolve(path.dirname(path.join(DOMAIN, file)), specifier) : specifier;
      if (specifier.startsWith(".") && !resolved.startsWith(DOMAIN)) return true;
      return FORBIDDEN.some((pattern) => pattern.test(specifier));
    });
    expect(offending).toEqual([]);
  });

  it.each(files.map((file) => [path.relative(DOMAIN, file)]))("%s reads no clock, randomness or environment", (file) => {
    const source = readFileSync(path.join(DOMAIN, file), "utf8").replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "");
    expect(source).not.toMatch(/Date\.now\(|new Date\(\)|Math\.random\(|process\.env/);
  });

  it("the import check catches a violation", () => {
    expect(importsOf(`import { PrismaClient } from "@prisma/client";`)).toEqual(["@prisma/client"]);
    expect(importsOf(`export { x } from "../../server/app";`)).toEqual(["../../server/app"]);
  });
});
