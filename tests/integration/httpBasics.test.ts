import fs from 'node:fs';
import path from 'node:path';
import { api, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { tempDir } from '../helpers/tempDir';

describe('HTTP basics', () => {
  let hub: TestHub;
  let clientDir: string;
  beforeAll(async () => {
    clientDir = tempDir('cohort-client-');
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Cohort test client</title>');
    hub = await startTestHub({ env: { CLIENT_DIR: clientDir } });
  });
  afterAll(async () => {
    await hub.destroy();
    fs.rmSync(clientDir, { recursive: true, force: true });
  });

  test('GET /api/health answers as the contract says', async () => {
    const res = await api(hub, 'GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      store: 'sqlite',
      embeddings: { model: expect.any(String), state: expect.stringMatching(/^(ready|loading|unavailable)$/) },
    });
  });

  test('responses carry a request id, echoing a sane incoming one', async () => {
    const res = await api(hub, 'GET', '/api/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const generated = await api(hub, 'GET', '/api/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('an unknown /api route is a JSON 404', async () => {
    for (const [method, p] of [['GET', '/api/nope'], ['POST', '/api/auth/nope'], ['DELETE', '/api/health']] as const) {
      const res = await api(hub, method, p);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const { token } = await registerUser(hub);
    expect((await api(hub, 'GET', '/api/me/unknown', { token })).status).toBe(404);
  });

  test('the client is served at / and for client routes, never for /api', async () => {
    const root = await fetch(`${hub.url}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('Cohort test client');
    const deep = await fetch(`${hub.url}/rooms/abc`);
    expect(await deep.text()).toContain('Cohort test client');
    const missingAsset = await fetch(`${hub.url}/assets/nope.js`);
    expect(missingAsset.status).toBe(404);
  });

  test('a non-JSON content type is a validation error, not a crash', async () => {
    const res = await api(hub, 'POST', '/api/auth/login', { rawBody: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});
