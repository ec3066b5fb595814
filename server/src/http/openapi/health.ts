import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { healthResponseSchema } from '@cohort/shared';
import { z } from 'zod';
import { operationsOf } from './operation';

/** What GET /api/openapi.json answers, in outline: this very document. */
const openApiDocumentSchema = z
  .object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .meta({ id: 'OpenApiDocument' });

/** The endpoints anyone may call to see how the hub is and what it serves. */
export function registerHealthPaths(registry: OpenAPIRegistry): void {
  const add = operationsOf(registry, 'health');
  add({
    method: 'get',
    path: '/api/health',
    operationId: 'getHealth',
    summary: 'Whether the hub, its store and its embedding model are up',
        signedIn: false,
    responses: { 200: { description: 'The hub answers; `degraded` (with `reason`) while the store cannot write', schema: healthResponseSchema } },
    errors: [503],
  });
  add({
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document of every HTTP endpoint',
        signedIn: false,
    responses: { 200: { description: 'The OpenAPI document', schema: openApiDocumentSchema } },
  });
}
