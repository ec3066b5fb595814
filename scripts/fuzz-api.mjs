#!/usr/bin/env node
// `npm run fuzz:api`: runs Schemathesis against a real hub. Starts the built server on the embedded default
// (SQLite in a temp dir, no embedding model), registers a user and seeds one of everything, and fuzzes every
// operation of /api/openapi.json with that user's bearer token. Exits with Schemathesis' status, so failures fail CI.
// Schemathesis (PyPI) lives in a venv under the CI cache dir, made on first use.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from './build.mjs';

const SCHEMATHESIS_VERSION = '4.32.5';
// Bounded per operation, with a fixed seed: the same cases every run, a few minutes at most on 2 cores.
const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES ?? '50';
const SEED = process.env.FUZZ_SEED ?? '20261129';
const CHECKS = 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance';
// Logging out revokes the one token every other operation uses.
const EXCLUDED_OPERATIONS = ['logout'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = process.env.COHORT_CI_CACHE ?? path.join(os.homedir(), '.cache', 'cohort-ci');

/** The hub alone: a REDIS_URL from the environment (CI sets one for the scale-out tests) would make it scale out. */
function withoutRedis(env) {
  const { REDIS_URL: _redis, MONGODB_URI: _mongo, ...rest } = env;
  return rest;
}

function log(message) {
  console.log(`fuzz-api: ${message}`);
}

/** The schemathesis executable of a venv with the pinned version, made (or remade) when missing. */
function schemathesisBin() {
  const venv = path.join(cache, 'venv-schemathesis');
  const bin = path.join(venv, 'bin', 'schemathesis');
  const installed = fs.existsSync(bin) && spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.includes(SCHEMATHESIS_VERSION);
  if (!installed) {
    log(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv}`);
    fs.rmSync(venv, { recursive: true, force: true });
    for (const [cmd, args] of [
      ['python3', ['-m', 'venv', venv]],
      [path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`]],
    ]) {
      const result = spawnSync(cmd, args, { stdio: 'inherit' });
      if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
    }
  }
  return bin;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base, hub) {
  for (let i = 0; i < 200; i++) {
    if (hub.exitCode !== null) throw new Error(`the hub exited with ${hub.exitCode} before it answered`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the hub did not answer /api/health within 20 s');
}

/** A JSON call to the hub that must answer `expect`; answers the parsed body. */
async function call(base, method, urlPath, { token, body, expect }) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status !== expect) throw new Error(`${method} ${urlPath} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/**
 * The fuzzing user and one of everything for it to find: a second user, a room, a thread with a reply, a
 * notebook with a version. Their ids are offered to the path parameters (see fuzzConfig), so requests reach
 * past the 404 of an unknown id.
 */
async function seed(base) {
  const password = 'fuzz-api password';
  const user = await call(base, 'POST', '/api/auth/register', { body: { username: 'fuzzer', password, displayName: 'Fuzzer' }, expect: 201 });
  const other = await call(base, 'POST', '/api/auth/register', { body: { username: 'partner', password, displayName: 'Partner' }, expect: 201 });
  const token = user.token;
  const room = await call(base, 'POST', '/api/rooms', { token, body: { name: 'Fuzz room', topic: 'fuzzing', visibility: 'public' }, expect: 201 });
  await call(base, 'POST', `/api/rooms/${room.id}/members`, { token, body: { userId: other.user.id }, expect: 201 });
  const thread = await call(base, 'POST', '/api/threads', { token, body: { title: 'Fuzz thread', body: 'text', tags: ['fuzz'] }, expect: 201 });
  const reply = await call(base, 'POST', `/api/threads/${thread.id}/replies`, { token, body: { body: 'a reply' }, expect: 201 });
  const notebook = await call(base, 'POST', '/api/notebooks', { token, body: { title: 'Fuzz notebook' }, expect: 201 });
  await call(base, 'PUT', `/api/notebooks/${notebook.id}/members/${other.user.id}`, { token, body: { role: 'editor' }, expect: 200 });
  const version = await call(base, 'POST', `/api/notebooks/${notebook.id}/versions`, { token, body: { label: 'v1' }, expect: 201 });
  return {
    token,
    ids: { users: [user.user.id, other.user.id], rooms: [room.id], threads: [thread.id], replies: [reply.id], notebooks: [notebook.id], versions: [version.id] },
  };
}

/**
 * schemathesis.toml: the seeded ids as dictionaries that path parameters draw from most of the time (the rest
 * are generated, so unknown ids are tried too); the semantic endpoints may answer 503, as they do without the
 * model.
 */
function fuzzConfig(ids) {
  const lines = [];
  for (const [name, values] of Object.entries(ids)) lines.push(`[dictionaries.${name}]`, `values = ${JSON.stringify(values)}`, '');
  const bind = (pathRegex, params) => {
    const entries = Object.entries(params).map(([param, dict]) => `"path.${param}" = { dictionary = "${dict}", probability = 0.8 }`);
    lines.push('[[operations]]', `include-path-regex = ${JSON.stringify(pathRegex)}`, `parameters = { ${entries.join(', ')} }`, '');
  };
  bind('^/api/users/\\{id\\}', { id: 'users' });
  bind('^/api/rooms/\\{id\\}', { id: 'rooms', userId: 'users' });
  bind('^/api/threads/\\{id\\}', { id: 'threads', replyId: 'replies' });
  bind('^/api/notebooks/\\{id\\}', { id: 'notebooks', userId: 'users', vid: 'versions' });
  lines.push('[[operations]]', 'include-tag = "semantic"', 'checks.not_a_server_error.expected-statuses = ["2XX", "4XX", "503"]', '');
  return lines.join('\n');
}

function run(bin, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  buildServer();
  const st = schemathesisBin();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-fuzz-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const hubLog = path.join(work, 'hub.log');
  const logFd = fs.openSync(hubLog, 'w');
  const hub = spawn(process.execPath, [path.join(root, 'server', 'dist', 'main.js')], {
    cwd: work,
    stdio: ['ignore', logFd, logFd],
    env: {
      ...withoutRedis(process.env),
      PORT: String(port),
      HOST: '127.0.0.1',
      STORE: 'sqlite',
      DATA_DIR: path.join(work, 'data'),
      CLIENT_DIR: path.join(work, 'no-client'),
      EMBEDDINGS: 'off',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
    },
  });
  let status = 1;
  try {
    await waitForHealth(base, hub);
    const { token, ids } = await seed(base);
    const configFile = path.join(work, 'schemathesis.toml');
    fs.writeFileSync(configFile, fuzzConfig(ids));
    log(`hub on ${base}; fuzzing ${base}/api/openapi.json (${MAX_EXAMPLES} examples per operation, seed ${SEED})`);
    status = await run(
      st,
      [
        '--config-file', configFile,
        'run',
        `${base}/api/openapi.json`,
        '--checks', CHECKS,
        '--max-examples', MAX_EXAMPLES,
        '--seed', SEED,
        '--header', `Authorization: Bearer ${token}`,
        ...EXCLUDED_OPERATIONS.flatMap((id) => ['--exclude-operation-id', id]),
        // One worker: with two, Hypothesis' lambda-source cache raced ("AST constructor recursion depth mismatch").
        '--workers', '1',
        '--request-timeout', '10',
        '--generation-database', 'none',
        '--no-color',
      ],
      work,
    );
    if (hub.exitCode !== null) {
      log(`the hub died during the run (exit ${hub.exitCode})`);
      status = 1;
    }
  } finally {
    hub.kill('SIGTERM');
    await new Promise((r) => (hub.exitCode !== null ? r() : hub.once('exit', r)));
    fs.closeSync(logFd);
    // 503s are expected (no model); a 500 or a fatal line is what Schemathesis' report is about, with its stack.
    const errors = fs.readFileSync(hubLog, 'utf8').split('\n').filter((line) => /"statusCode":500|"level":60/.test(line));
    if (errors.length > 0) {
      log(`the hub logged ${errors.length} internal error(s); the first:`);
      console.log(errors.slice(0, 3).join('\n'));
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
  process.exit(status);
}

main().catch((err) => {
  console.error(`fuzz-api: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
