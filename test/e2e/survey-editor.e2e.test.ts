import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { seedDemoShop } from "../../app/infra/demo/seed-demo-shop";
import { launchChromium } from "../support/chromium";
import { openTestDatabase, type TestDatabase } from "../support/database-backends";
import { DEMO_SHOP } from "../support/shopify-signing";
import { buildTestApp } from "../support/test-app";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");

describe("survey editor: the merchant edits the survey in the shoppers' languages (Chromium)", () => {
  let db: TestDatabase;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    db = await openTestDatabase("pglite");
    await seedDemoShop(db, { shopDomain: DEMO_SHOP, seed: 3, now: new Date(), customerCount: 30 });
    const { app } = buildTestApp(db, { LOG_LEVEL: "warn" });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  it("shows the default translations and saves an edited one with every language aligned to the answers", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/offers`);
    const language = page.getByLabel("Language");
    await language.waitFor();
    await language.selectOption("kk");
    const question = page.getByLabel("Question in Kazakh");
    await expect(question.inputValue()).resolves.toBe("Біз туралы қайдан білдіңіз?");
    await question.fill("Бізді қалай таптыңыз?");
    await language.selectOption("fa");
    const persian = page.getByLabel("Question in Persian");
    await expect(persian.inputValue()).resolves.toBe("از کجا با ما آشنا شدید؟");
    // The Persian field runs right to left; the English original beside it keeps its "?" at its end.
    await expect(persian.evaluate((input) => getComputedStyle(input).direction)).resolves.toBe("rtl");
    await expect(page.getByText("How did you hear about us?").last().evaluate((node) => getComputedStyle(node.closest("bdi") ?? node).unicodeBidi)).resolves.toBe("isolate");
    await page.screenshot({ path: path.join(ARTIFACTS, "admin-survey-languages-1280.png"), fullPage: true });
    await page.getByRole("button", { name: "Save", exact: true }).last().click();
    await page.getByText("Survey saved").waitFor();
    const saved = await (await fetch(`${base}/api/settings/survey`)).json();
    expect(saved.survey.translations.kk.question).toBe("Бізді қалай таптыңыз?");
    expect(saved.survey.translations.fa.question).toBe("از کجا با ما آشنا شدید؟");
    expect(saved.survey.translations.kk.options).toHaveLength(saved.survey.options.length);
    await page.close();
  });
});
