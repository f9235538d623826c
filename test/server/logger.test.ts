import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../app/server/logger";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}

describe("logger", () => {
  it("writes structured JSON with context", () => {
    const { logger, lines } = capture();
    logger.info({ shop: "a.myshopify.com", webhookId: "w1" }, "webhook handled");
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: 30, app: "encore", shop: "a.myshopify.com", webhookId: "w1", msg: "webhook handled" });
    expect(typeof entry.time).toBe("string");
  });

  it.each([
    [{ accessToken: "shpat_abc" }, "shpat_abc"],
    [{ session: { accessToken: "shpat_nested" } }, "shpat_nested"],
    [{ authorization: "Bearer eyJtoken" }, "eyJtoken"],
    [{ customer: { email: "jane@example.com" } }, "jane@example.com"],
    [{ customer: { firstName: "Jane", lastName: "Roe" } }, "Roe"],
    [{ order: { customer: { phone: "+15550001111" } } }, "+15550001111"],
    [{ address1: "1 Main St" }, "1 Main St"],
  ])("redacts %o", (fields, secret) => {
    const { logger, lines } = capture();
    logger.info(fields, "something happened");
    expect(lines.join("")).not.toContain(secret);
    expect(lines.join("")).toContain("[redacted]");
  });
});
