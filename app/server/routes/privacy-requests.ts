import { Router } from "express";
import { z } from "zod";
import type { PrivacyRequestRepository } from "../../infra/db/repositories/privacy-repository";
import { AppError } from "../errors";
import { apiContext } from "../middleware/authenticate-api";

const idParams = z.object({ id: z.uuid() });

/**
 * GET /api/privacy/requests: the shop's compliance requests (newest first);
 * GET /api/privacy/requests/:id: one request with its stored export, for the merchant to hand over.
 */
export function privacyRequestsRouter(deps: { privacyRequests: PrivacyRequestRepository }): Router {
  const router = Router();
  router.get("/requests", async (_req, res) => {
    const { shopDomain } = apiContext(res);
    res.json({ requests: await deps.privacyRequests.list(shopDomain) });
  });
  router.get("/requests/:id", async (req, res) => {
    const { shopDomain } = apiContext(res);
    const params = idParams.safeParse(req.params);
    if (!params.success) throw AppError.validation([{ field: "id", message: "expected a request id (UUID)" }]);
    const request = await deps.privacyRequests.find(shopDomain, params.data.id);
    if (!request) throw new AppError("NOT_FOUND", "No such privacy request");
    res.json({ request });
  });
  return router;
}
