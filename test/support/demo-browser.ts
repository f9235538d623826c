import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { Browser } from "playwright-core";
import { startAppProcess, type AppProcess } from "./app-process";
import { launchChromium, openTrackedPage, type TrackedPage } from "./chromium";

/** Where the browser tests write their screenshots. */
export const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");

export interface DemoAppAndBrowser {
  /** The app process (demo mode); only once the file's beforeAll has run. */
  readonly app: AppProcess;
  /** Chromium; only once the file's beforeAll has run. */
  readonly browser: Browser;
  /** Opens an admin path at `width` px (1280 unless told), tracking its errors and failed responses. */
  open(pagePath: string, width?: number): Promise<TrackedPage>;
  /** GET /api`apiPath` from the app, parsed as JSON. */
  api(apiPath: string): Promise<any>;
}

/**
 * One demo-mode app process and one Chromium for the calling `describe`: started (and the artifacts folder made)
 * in its beforeAll, closed in its afterAll. `acceptDownloads` is passed to every page `open` makes.
 */
export function useDemoAppAndBrowser({ acceptDownloads }: { acceptDownloads?: boolean } = {}): DemoAppAndBrowser {
  let app: AppProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [app, browser] = await Promise.all([startAppProcess(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const demo: DemoAppAndBrowser = {
    get app() {
      if (!app) throw new Error("the demo app is not started: use it inside a test or hook");
      return app;
    },
    get browser() {
      if (!browser) throw new Error("Chromium is not launched: use it inside a test or hook");
      return browser;
    },
    open: (pagePath, width = 1280) => openTrackedPage(demo.browser, demo.app.url, pagePath, { width, acceptDownloads }),
    api: async (apiPath) => (await fetch(new URL(`api${apiPath}`, demo.app.url))).json(),
  };
  return demo;
}
