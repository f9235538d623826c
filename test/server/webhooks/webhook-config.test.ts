import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { WEBHOOK_HANDLERS } from "../../../app/server/webhooks";
import { ROOT } from "../../support/app-process";

describe("webhook subscriptions in shopify.app.toml", () => {
  const source = readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8");
  const toml = parse(source) as { webhooks: { subscriptions: { topics?: string[]; compliance_topics?: string[]; uri: string }[] } };
  const subscribed = toml.webhooks.subscriptions.flatMap((sub) => [...(sub.topics ?? []), ...(sub.compliance_topics ?? [])]);

  it("declares exactly the topics that have a handler, all at /api/webhooks", () => {
    expect([...subscribed].sort()).toEqual(Object.keys(WEBHOOK_HANDLERS).sort());
    expect(new Set(toml.webhooks.subscriptions.map((sub) => sub.uri))).toEqual(new Set(["/api/webhooks"]));
  });

  it("includes the three mandatory compliance topics", () => {
    expect(subscribed).toEqual(expect.arrayContaining(["customers/data_request", "customers/redact", "shop/redact"]));
  });

  it("names an existing handler module in a '# Handled by:' comment for every subscription", () => {
    const modules = [...source.matchAll(/# Handled by: (\S+)/g)].map((match) => match[1]);
    expect(modules).toHaveLength(toml.webhooks.subscriptions.length);
    for (const module of modules) expect(existsSync(path.join(ROOT, module)), module).toBe(true);
  });
});
