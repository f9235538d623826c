declare const ENCORE_APP_URL: string | undefined;

/**
 * Encore's backend origin. Empty means same origin (the local preview harness serves both). Deployment
 * builds define ENCORE_APP_URL (scripts/extension-build.ts --app-url=https://…), since extensions cannot
 * read the app's configuration at run time.
 */
export const APP_URL: string = typeof ENCORE_APP_URL === "string" ? ENCORE_APP_URL : "";
