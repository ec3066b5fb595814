import fs from 'node:fs';
import path from 'node:path';
import {
  errorBodySchema,
  healthResponseSchema,
  roomListResponseSchema,
  roomViewSchema,
  sessionResponseSchema,
  threadViewSchema,
  userWithProfileSchema,
} from '@cohort/shared';
import type { z } from 'zod';
import { api, startTestHub, type TestHub } from '../helpers/hub';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** `METHOD /api/path/{param}` of every `### \`METHOD /api/...\`` heading in docs/api.md, query strings dropped. */
function documentedEndpoints(): Set<string> {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'api.md'), 'utf8');
  const endpoints = new Set<string>();
  for (const m of doc.matchAll(/^### `(GET|POST|PUT|PATCH|DELETE) (\/api\/[^`?\s]*)[^`]*`/gm)) {
    endpoints.add(`${m[1]} ${m[2]!.replace(/:([A-Za-z]+)/g, '{$1}')}`);
  }
  return endpoints;
}

function operations(spec: Json): Array<{ key: string; op: Json; template: string }> {
  return Object.entries(spec.paths as Json).flatMap(([template, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${template}`, op: item[m] as Json, template })),
  );
}

/** Every `$ref` in the document, wherever it is. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

const resolve = (spec: Json, ref: string): unknown => ref.replace(/^#\//, '').split('/').reduce<any>((node, key) => node?.[key], spec);

describe('GET /api/openapi.json', () => {
  let hub: TestHub;
  let spec: Json;
  beforeAll(async () => {
    hub = await startTestHub();
    const res = await api(hub, 'GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    spec = res.body;
  });
  afterAll(() => hub.destroy());

  /** The answer the document declares for `status` of an operation, resolved through components/responses. */
  const declared = (key: string, status: number): Json => {
    const entry = operations(spec).find((o) => o.key === key);
    if (!entry) throw new Error(`${key} is not in the document`);
    const response = entry.op.responses[String(status)];
    if (!response) throw new Error(`${key} declares no ${status}`);
    return (response.$ref ? resolve(spec, response.$ref) : response) as Json;
  };
  /** Checks a real answer against the zod schema the document names for it, and that the document names it. */
  const conforms = (key: string, status: number, res: { status: number; body: unknown }, schema: z.ZodType, component?: string) => {
    expect(res.status).toBe(status);
    const media = declared(key, status).content?.['application/json'];
    expect(media).toBeDefined();
    if (component) expect(refsIn(media)).toContain(`#/components/schemas/${component}`);
    const parsed = schema.safeParse(res.body);
    if (!parsed.success) throw new Error(`${key} ${status}: ${parsed.error.message}`);
  };

  test('is an OpenAPI 3.1 document of the right shape', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.stringMatching(/^\d+\.\d+\.\d+/) }));
    expect(spec.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      sessionCookie: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'cohort_session' }),
    });
    expect(spec.components.schemas.Error.required).toEqual(['error']);

    const ids = new Set<string>();
    for (const { key, op, template } of operations(spec)) {
      expect(template).toMatch(/^\/api\//);
      expect(typeof op.operationId).toBe('string');
      expect(ids.has(op.operationId)).toBe(false);
      ids.add(op.operationId);
      // Every {param} of the path is declared as a required path parameter, and nothing else is.
      const inPath = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declaredParams = (op.parameters ?? []).filter((p: Json) => p.in === 'path');
      expect(declaredParams.map((p: Json) => p.name).sort()).toEqual([...inPath].sort());
      declaredParams.forEach((p: Json) => expect(p.required).toBe(true));
      // A success answer, and the contract's error body for 400 everywhere (bad_path can happen on any path).
      expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))).toBe(true);
      expect(op.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
      if (op.security.length > 0) expect(op.responses['401']).toBeDefined();
      if (key.startsWith('GET ')) expect(op.requestBody).toBeUndefined();
      else expect(op.responses['403']).toBeDefined(); // forbidden_origin
    }
    for (const ref of refsIn(spec)) expect([ref, resolve(spec, ref)]).toEqual([ref, expect.anything()]);
  });

  test('lists exactly the endpoints docs/api.md describes', () => {
    const inSpec = new Set(operations(spec).map((o) => o.key));
    const inDocs = documentedEndpoints();
    expect([...inDocs].filter((e) => !inSpec.has(e))).toEqual([]);
    expect([...inSpec].filter((e) => !inDocs.has(e))).toEqual([]);
    expect(inSpec.size).toBeGreaterThanOrEqual(40);
  });

  test("the hub's answers match the schemas the document declares", async () => {
    conforms('GET /api/health', 200, await api(hub, 'GET', '/api/health'), healthResponseSchema, 'Health');
    const username = `spec${Date.now().toString(36)}`;
    const registered = await api(hub, 'POST', '/api/auth/register', { body: { username, password: 'correct horse battery', displayName: 'Spec' } });
    conforms('POST /api/auth/register', 201, registered, sessionResponseSchema, 'Session');
    const token: string = registered.body.token;

    conforms('GET /api/me', 200, await api(hub, 'GET', '/api/me', { token }), userWithProfileSchema, 'UserWithProfile');
    const room = await api(hub, 'POST', '/api/rooms', { token, body: { name: 'Spec room', topic: 'conformance', visibility: 'public' } });
    conforms('POST /api/rooms', 201, room, roomViewSchema, 'Room');
    const rooms = await api(hub, 'GET', '/api/rooms', { token });
    conforms('GET /api/rooms', 200, rooms, roomListResponseSchema);
    expect(rooms.body.rooms.map((r: Json) => r.id)).toContain(room.body.id);
    const thread = await api(hub, 'POST', '/api/threads', { token, body: { title: 'Spec thread', body: 'text', tags: ['Spec'] } });
    conforms('POST /api/threads', 201, thread, threadViewSchema, 'Thread');

    // Error answers: the contract's body, under the statuses the document names.
    const invalid = await api(hub, 'POST', '/api/threads', { token, body: { title: '' } });
    conforms('POST /api/threads', 400, invalid, errorBodySchema, 'Error');
    expect(invalid.body.error.details.fields.title).toEqual(expect.any(String));
    conforms('GET /api/rooms', 401, await api(hub, 'GET', '/api/rooms'), errorBodySchema, 'Error');
    // The test hub runs without the model: the semantic endpoints answer 503, as declared.
    conforms('GET /api/search', 503, await api(hub, 'GET', '/api/search?q=gpu', { token }), errorBodySchema, 'Error');
    conforms('GET /api/threads/{id}', 404, await api(hub, 'GET', '/api/threads/nope', { token }), errorBodySchema, 'Error');
    conforms('POST /api/auth/register', 409, await api(hub, 'POST', '/api/auth/register', { body: { username, password: 'correct horse battery', displayName: 'Again' } }), errorBodySchema, 'Error');
    const noBody = await api(hub, 'POST', '/api/notebooks', { token, body: { title: 'Spec notebook' } });
    const nullVersion = await api(hub, 'POST', `/api/notebooks/${noBody.body.id}/versions`, { token, rawBody: 'null' });
    conforms('POST /api/notebooks/{id}/versions', 400, nullVersion, errorBodySchema, 'Error');
    expect((await api(hub, 'GET', `/api/notebooks/${noBody.body.id}/versions`, { token })).body.versions).toEqual([]);
  });
});
