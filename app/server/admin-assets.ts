import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import express, { Router } from "express";
import type { AppConfig } from "../config/env";
import { AppError } from "./errors";

export const ADMIN_DIST_DIR = path.resolve(import.meta.dirname, "../../dist/admin");

/** Client-side routes of the admin SPA; any of them loads index.html. */
const SPA_PATH = /^\/(?!api\/|api$|proxy\/|assets\/)[^.]*$/;

/**
 * Serves the Vite-built admin. In embedded mode index.html gets the App Bridge script and the API key meta
 * tag (App Bridge then adds session tokens to every fetch); the demo admin runs standalone without them.
 */
export function adminAssets(config: AppConfig, distDir = ADMIN_DIST_DIR): Router {
  const router = Router();
  const indexPath = path.join(distDir, "index.html");
  const indexHtml = existsSync(indexPath) ? renderIndex(readFileSync(indexPath, "utf8"), config) : null;
  router.use("/assets", express.static(path.join(distDir, "assets"), { immutable: true, maxAge: "1y", index: false }));
  // index.html links /favicon.svg; browsers still ask for /favicon.ico on their own (every page logged a 404),
  // so it gets the same SVG, which they accept whatever the name.
  const favicon = path.join(distDir, "favicon.svg");
  router.get(["/favicon.svg", "/favicon.ico"], (_req, res, next) => {
    if (!existsSync(favicon)) return next();
    res.setHeader("Cache-Control", "public, max-age=86400");
    res.type("image/svg+xml").sendFile(favicon);
  });
  router.get(SPA_PATH, (_req, res, next) => {
    if (!indexHtml) return next(new AppError("NOT_FOUND", "The admin is not built: run `npm run build`"));
    res.setHeader("Cache-Control", "no-store");
    res.type("html").send(indexHtml);
  });
  return router;
}

function renderIndex(template: string, config: AppConfig): string {
  const boot = { mode: config.mode, apiKey: config.shopify.apiKey };
  const head =
    (config.mode === "shopify"
      ? `<meta name="shopify-api-key" content="${escapeAttribute(config.shopify.apiKey)}" />\n` +
        `<script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>\n`
      : "") + `<script>window.__ENCORE__=${JSON.stringify(boot).replace(/</g, "\\u003c")}</script>\n`;
  return template.replace("<head>", `<head>\n${head}`);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
