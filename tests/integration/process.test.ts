import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/tempDir';

const MAIN = path.resolve(__dirname, '../../server/dist/main.js');

function runHub(env: Record<string, string>) {
  const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(MAIN)}).run()`], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Waits for the "listening" log line and returns the URL in it. */
async function listeningUrl(hub: ReturnType<typeof runHub>): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const line = hub.output().stdout.split('\n').find((l) => l.includes('Cohort hub listening'));
    if (line) return (JSON.parse(line) as { url: string }).url;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`hub did not start: ${JSON.stringify(hub.output())}`);
}

describe('the hub process', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDir('cohort-proc-');
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('a bad setting stops start-up with one clear line and a non-zero exit', async () => {
    const hub = runHub({ PORT: 'not-a-port', DATA_DIR: dataDir });
    expect(await hub.exited).toBe(2);
    expect(hub.output().stderr.trim()).toMatch(/^cohort: Invalid PORT: .+$/);
  });

  test('SIGTERM shuts down gracefully with exit 0, and data survives a restart', async () => {
    const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    const first = runHub(env);
    const url = await listeningUrl(first);
    const reg = await fetch(`${url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'persisted', password: 'password123', displayName: '持久' }),
    });
    expect(reg.status).toBe(201);
    const { token } = (await reg.json()) as { token: string };
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output().stdout).toContain('Cohort hub stopped');

    // The generated session secret and the SQLite data are in DATA_DIR: the token still works.
    const second = runHub(env);
    const url2 = await listeningUrl(second);
    const me = await fetch(`${url2}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { displayName: string } }).user.displayName).toBe('持久');
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });
});
