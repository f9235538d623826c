import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium driven by playwright-core (no browser download), with the machine's required flags. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run scripts/install-test-deps.sh (apt-get install chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
}

/** A page that keeps its uncaught errors and every response of 400 or more it caused, for tests to assert on. */
export type TrackedPage = Page & { errors: string[]; failed: string[] };

/** Opens `pagePath` (resolved against `baseUrl`) in a new page `width` px wide and 900 high, tracking errors and failed responses. */
export async function openTrackedPage(browser: Browser, baseUrl: string, pagePath: string, { width, acceptDownloads }: { width: number; acceptDownloads?: boolean }): Promise<TrackedPage> {
  const page = (await browser.newPage({ viewport: { width, height: 900 }, ...(acceptDownloads ? { acceptDownloads } : {}) })) as TrackedPage;
  page.errors = [];
  page.failed = [];
  page.on("pageerror", (error) => page.errors.push(error.message));
  // Every 404 or 5xx the page causes, the favicon included (it used to be one on every page).
  page.on("response", (response) => {
    if (response.status() >= 400) page.failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  await page.goto(new URL(pagePath, baseUrl).toString());
  return page;
}
