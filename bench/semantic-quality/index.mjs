#!/usr/bin/env node
// bench/semantic-quality: the semantic layer's quality on the realistic evaluation community
// (tests/fixtures/community), dev and test halves, measured over HTTP on a real hub with the real model.
// Runs tests/semantic/communityReport.eval.ts through jest (it reuses the test helpers and fixtures) and
// leaves the figures in bench/results/semantic-quality.json. Tune on the dev half only; the test half is
// what tests/semantic/communityQuality.test.ts asserts on.
// Run: `npm run bench semantic-quality`, or `node bench/semantic-quality/index.mjs` after `npx tsc -b server`.
// QUALITY_SPLITS, QUALITY_ENGAGEMENT (on|off|both) and QUALITY_REUSE_DIR pass through (see the report file).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', '--testMatch', '**/tests/semantic/communityReport.eval.ts', '--testTimeout', '3600000'],
  { cwd: root, stdio: 'inherit', env: process.env },
);
process.exit(result.status ?? 1);
