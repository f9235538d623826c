/** What the server tells the SPA at load (see app/server/admin-assets.ts). */
export interface BootInfo {
  mode: "demo" | "shopify";
  apiKey: string;
}

declare global {
  interface Window {
    __ENCORE__?: BootInfo;
  }
}

export const boot: BootInfo = window.__ENCORE__ ?? { mode: "demo", apiKey: "encore-demo" };
