#!/usr/bin/env node
// `npm run bench [name...]`: builds, then runs each benchmark bench/<name>/index.mjs in its own process,
// one after another (they measure, so they must not share the machine with each other).
// Each writes its figures to bench/results/<name>.json and prints ratios against its in-run baseline.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const wanted = process.argv.slice(2);
const names = fs
  .readdirSync(benchDir)
  .filter((name) => fs.existsSync(path.join(benchDir, name, 'index.mjs')))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

if (names.length === 0) {
  console.error(`cohort: no benchmark matches ${wanted.join(', ') || '(none exist yet)'}`);
  process.exit(1);
}
buildServer();
fs.mkdirSync(path.join(benchDir, 'results'), { recursive: true });
let failed = 0;
for (const name of names) {
  console.log(`\n== bench/${name}`);
  const result = spawnSync(process.execPath, ['--expose-gc', path.join(benchDir, name, 'index.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
