import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The admin SPA: built into dist/admin and served by Express (app/server/admin-assets.ts).
export default defineConfig({
  root: "app/admin",
  base: "/",
  plugins: [react()],
  build: {
    outDir: "../../dist/admin",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2_000,
  },
});
