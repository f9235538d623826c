import { defineConfig } from "prisma/config";

// Prisma's CLI insists on a native schema-engine path for generate/validate/format even though
// those commands never run it. The native binary cannot be downloaded here; migrations are authored
// and applied by our own WASM/SQL tooling (scripts/db-*.ts). "/bin/false" (not "/bin/true") makes any
// accidental native `prisma migrate` fail loudly instead of silently doing nothing.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
