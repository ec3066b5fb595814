import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { errorBodySchema } from '@cohort/shared';
import { SESSION_COOKIE } from '../../edge/sessionCredentials';
import { registerAccountPaths } from './auth';
import { registerHealthPaths } from './health';
import { registerNotebookPaths } from './notebooks';
import { registerNotificationPaths } from './notifications';
import { ERROR_RESPONSES, type ErrorStatus } from './operation';
import { registerPeoplePaths } from './people';
import { registerRoomPaths } from './rooms';
import { registerSemanticPaths } from './semantic';
import { registerThreadPaths } from './threads';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** The security schemes and the one error answer per status that every operation refers to. */
function registerComponents(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'The `token` that register and login answer',
  });
  registry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The httpOnly session cookie that register and login set; state changes need a trusted Origin',
  });
  const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
  for (const [status, { name, description }] of Object.entries(ERROR_RESPONSES)) {
    const headers =
      Number(status) === (429 satisfies ErrorStatus)
        ? { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' as const } } }
        : undefined;
    registry.registerComponent('responses', name, { description, content: errorContent, ...(headers ? { headers } : {}) });
  }
}

/** The OpenAPI 3.1 document of every HTTP endpoint the hub serves, generated from the shared zod schemas. */
export function buildOpenApiDocument(version: string): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registerComponents(registry);
  registerHealthPaths(registry);
  registerAccountPaths(registry);
  registerPeoplePaths(registry);
  registerRoomPaths(registry);
  registerThreadPaths(registry);
  registerSemanticPaths(registry);
  registerNotebookPaths(registry);
  registerNotificationPaths(registry);
  // Error is referenced only from the raw response components, so it is listed by hand. As a definition, not a
  // bare schema: zod v4 schemas have a `type` field, which the generator would take for a definition's kind.
  return new OpenApiGeneratorV31([{ type: 'schema', schema: errorBodySchema }, ...registry.definitions]).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Cohort hub API',
      version,
      description: 'JSON over HTTP under /api. Errors answer `{"error":{"code","message","details?"}}`. See docs/api.md.',
    },
  });
}
