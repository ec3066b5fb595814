import fs from 'node:fs';
import { spawnHub, startHubProcess } from '../helpers/hubProcess';
import { tempDir } from '../helpers/tempDir';

describe('the hub process', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDir('cohort-proc-');
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('a bad setting stops start-up with one clear line and a non-zero exit', async () => {
    const hub = spawnHub({ PORT: 'not-a-port', DATA_DIR: dataDir });
    expect(await hub.exited).toBe(2);
    expect(hub.output().stderr.trim()).toMatch(/^cohort: Invalid PORT: .+$/);
  });

  test('SIGTERM shuts down gracefully with exit 0, and data survives a restart', async () => {
    // The model worker is on, so its process is part of the graceful stop too.
    const env = { DATA_DIR: dataDir, EMBEDDINGS: 'on' };
    const first = await startHubProcess(env);
    const url = first.url;
    const reg = await fetch(`${url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'persisted', password: 'password123', displayName: '持久' }),
    });
    expect(reg.status).toBe(201);
    const { token } = (await reg.json()) as { token: string };
    expect(await first.stop()).toBe(0);
    expect(first.output().stdout).toContain('Cohort hub stopped');

    // The generated session secret and the SQLite data are in DATA_DIR: the token still works.
    const second = await startHubProcess(env);
    const me = await fetch(`${second.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { displayName: string } }).user.displayName).toBe('持久');
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });
});
