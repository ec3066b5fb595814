import Database from 'better-sqlite3';
import path from 'node:path';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/logger';
import { startHub } from '../../server/src/main';
import { api, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { tempDir } from '../helpers/tempDir';
import { eventually } from '../helpers/eventually';
import { createNotebook, yjsBase } from '../helpers/yjsClient';

describe('the HTTP edge: headers, malformed paths, health that tells the truth', () => {
  let hub: TestHub;
  let user: Awaited<ReturnType<typeof registerUser>>;
  beforeAll(async () => {
    hub = await startTestHub();
    user = await registerUser(hub);
  });
  afterAll(async () => hub?.destroy());

  test.each(['/api/health', '/api/nope', '/', '/threads/x'])('security headers on %s', async (p) => {
    const res = await fetch(`${hub.url}${p}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  // Every route with a path id, each with a bad escape where its id goes.
  const ROUTES: Array<[string, string]> = [
    ['GET', '/api/users/%ff'],
    ['GET', '/api/rooms/%ff'],
    ['GET', '/api/rooms/%ff/messages'],
    ['POST', '/api/rooms/%E0%A4%A/join'],
    ['POST', '/api/rooms/%ff/members'],
    ['PUT', '/api/rooms/x/members/%ff'],
    ['DELETE', '/api/rooms/x/members/%c3%28'],
    ['GET', '/api/threads/%ff'],
    ['POST', '/api/threads/%ff/replies'],
    ['POST', '/api/threads/%ff/vote'],
    ['GET', '/api/threads/%ff/related'],
    ['GET', '/api/notebooks/%ff'],
    ['PUT', '/api/notebooks/%ff/members/x'],
    ['GET', '/api/notebooks/%ff/export'],
    ['GET', '/api/notebooks/%ff/versions'],
    ['POST', '/api/notebooks/%ff/versions'],
    ['POST', '/api/notebooks/x/versions/%ff/restore'],
    ['GET', '/rooms/%ff'],
  ];
  test.each(ROUTES)('%s %s answers 400 bad_path with the contract’s body', async (method, p) => {
    const res = await api(hub, method, p, { token: user.token, body: method === 'GET' ? undefined : {} });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bad_path' });
    expect(typeof res.body.error.message).toBe('string');
  });

  test('health says degraded with a reason while the store cannot write, and ok again after', async () => {
    expect((await api(hub, 'GET', '/api/health')).body.status).toBe('ok');
    // A second connection to the hub's own SQLite file makes every write of the probe fail the way a full
    // disk does, with SQLITE_FULL's own message; dropping the trigger is the disk being freed.
    const db = new Database(path.join(hub.config.dataDir, 'cohort.db'));
    try {
      db.exec("CREATE TRIGGER disk_full BEFORE UPDATE ON health_probe BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
      db.exec("CREATE TRIGGER disk_full_insert BEFORE INSERT ON health_probe BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
      const degraded = await pollHealth(hub, 'degraded');
      expect(degraded.reason).toMatch(/cannot write: database or disk is full/);
      expect(degraded).toMatchObject({ store: 'sqlite', version: expect.any(String), embeddings: expect.any(Object) });
      db.exec('DROP TRIGGER disk_full; DROP TRIGGER disk_full_insert');
      const ok = await pollHealth(hub, 'ok');
      expect(ok.reason).toBeUndefined();
    } finally {
      db.close();
    }
  });
});

/** Health as soon as it says `status` (the probe result is reused for up to a second). */
async function pollHealth(hub: TestHub, status: string): Promise<any> {
  return eventually(async () => {
    const res = await api(hub, 'GET', '/api/health');
    return res.body.status === status ? res.body : undefined;
  }, `health to say ${status}`, 15_000);
}

describe('logs never carry a token or a query value', () => {
  test('request URLs are redacted in every log line', async () => {
    const dataDir = tempDir('cohort-logs-');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, EMBEDDINGS: 'off', LOG_LEVEL: 'debug', CLIENT_DIR: path.join(dataDir, 'none'), AUTH_RATE_LIMIT_PER_MINUTE: '1000' });
    const hub = await startHub(config, createLogger('debug', sink));
    try {
      const user = await registerUser(hub);
      const notebook = await createNotebook(hub, user.token);
      await api(hub, 'GET', `/api/threads?q=secret-search-term&token=${user.token}`, { token: user.token });
      await api(hub, 'GET', `/api/me`, { token: user.token, headers: { cookie: `cohort_session=${user.token}` } });
      await api(hub, 'GET', `/api/rooms/%ff?token=${user.token}`);
      await api(hub, 'GET', `/api/nope?${user.token}`);
      // A Yjs socket authenticated by ?token= that fails, and one that works.
      for (const token of ['not-a-token', user.token]) {
        await new Promise<void>((resolve) => {
          const ws = new WebSocket(`${yjsBase(hub)}/${notebook.docName}?token=${token}`);
          ws.on('message', () => ws.close());
          ws.on('close', () => resolve());
          ws.on('error', () => resolve());
        });
      }
    } finally {
      await hub.stop();
    }
    const all = lines.join('');
    expect(all).toContain('/api/threads?q=[redacted]&token=[redacted]');
    expect(all).not.toContain('secret-search-term');
    expect(all).not.toContain('not-a-token');
    expect(lines.some((l) => l.includes('eyJ'))).toBe(false);
  });
});
