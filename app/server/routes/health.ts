import { Router } from "express";
import type { Database } from "../../infra/db/database";

/** GET /healthz: liveness plus a database round trip; unauthenticated and free of shop data. */
export function healthRouter(deps: { db: Database; mode: string }): Router {
  const router = Router();
  router.get("/", async (_req, res) => {
    await deps.db.prisma.$queryRaw`SELECT 1`;
    res.json({ ok: true, mode: deps.mode, database: deps.db.kind });
  });
  return router;
}
