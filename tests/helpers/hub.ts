import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/src/config';
import { startHub, type RunningHub } from '../../server/src/main';
import { tempDir } from './tempDir';

export interface TestHub extends RunningHub {
  config: Config;
  /** Stops the hub and removes its data. */
  destroy(): Promise<void>;
}

/**
 * A real hub on an ephemeral loopback port with its own empty data: a temp SQLite directory, or
 * (store: 'mongo') a fresh database on the MONGODB_URI server.
 */
export async function startTestHub(options: { store?: 'sqlite' | 'mongo'; env?: Record<string, string>; dataDir?: string } = {}): Promise<TestHub> {
  const dataDir = options.dataDir ?? tempDir('cohort-hub-');
  const store = options.store ?? 'sqlite';
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    STORE: store,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Tests register many users from one address; the rate-limit test sets its own figure.
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    CLIENT_DIR: path.join(dataDir, 'no-client'),
    // The model worker is a separate process per hub; only the semantic tests turn it on.
    EMBEDDINGS: 'off',
    ...options.env,
  };
  if (store === 'mongo') {
    const base = process.env.MONGODB_URI;
    if (!base) throw new Error('MONGODB_URI is not set');
    env.MONGODB_URI = options.env?.MONGODB_URI ?? `${base.replace(/\/[^/]*$/, '')}/cohort_hub_${randomBytes(5).toString('hex')}`;
  }
  const config = loadConfig(env as NodeJS.ProcessEnv);
  const hub = await startHub(config);
  return {
    ...hub,
    config,
    async destroy() {
      await hub.stop();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** fetch with a JSON body and a bearer token, answering the parsed body (or text when not JSON). */
export async function api<T = any>(
  hub: { url: string },
  method: string,
  urlPath: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${hub.url}${urlPath}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed as T };
}

let counter = 0;

/** Registers a fresh user and returns its token and public user. */
export async function registerUser(hub: { url: string }, name?: string): Promise<{ token: string; user: { id: string; username: string; displayName: string } }> {
  const username = name ?? `user${Date.now().toString(36)}${(counter++).toString(36)}`;
  const res = await api(hub, 'POST', '/api/auth/register', { body: { username, password: 'correct horse battery', displayName: `Display ${username}` } });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Runs the body once per store adapter the environment offers (mongo needs MONGODB_URI). */
export function hubStores(): Array<'sqlite' | 'mongo'> {
  return process.env.MONGODB_URI ? ['sqlite', 'mongo'] : ['sqlite'];
}
