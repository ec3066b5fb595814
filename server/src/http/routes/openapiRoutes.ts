import { Router } from 'express';
import { buildOpenApiDocument } from '../openapi/openapiDocument';

/** GET /api/openapi.json: the OpenAPI document, built and serialised once when the app is made. No auth. */
export function openapiRoutes(version: string): Router {
  const json = JSON.stringify(buildOpenApiDocument(version));
  const router = Router();
  router.get('/', (_req, res) => {
    res.type('application/json').send(json);
  });
  return router;
}
