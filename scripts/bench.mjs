#!/usr/bin/env node
// `npm run bench [name...]`: builds, then runs each benchmark bench/<name>/index.mjs in its own process,
// one after another (they measure, so they must not share the machine with each other).
// Each writes its figures to bench/results/<name>.json and prints ratios against its in-run baseline.
// Then the `summary` rows of every bench/results/<name>.json go into bench/results/summary.md, with the
// machine (bench/README.md: the row format and how to read the table). `--summary` only rewrites that file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const resultsDir = path.join(benchDir, 'results');

/** A figure as the table shows it: rounded to what a reader compares; a missing one as a dash. */
function cell(value) {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return Math.abs(value) >= 100 ? String(Math.round(value)) : String(Math.round(value * 1000) / 1000);
  return String(value).replaceAll('|', '\\|');
}

/**
 * Writes bench/results/summary.md: the machine, then one row per entry of each result's `summary` array
 * ({ measure, ours, baselines: { name: value }, ratio, target, met }), then which results are not from
 * this run (`ran`, `failed`) or have no summary.
 */
function writeSummary({ startedAt, ran, failed }) {
  const names = fs.readdirSync(resultsDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
  const rows = [];
  const notes = [];
  let targets = 0;
  let missed = 0;
  for (const name of names) {
    const file = path.join(resultsDir, `${name}.json`);
    let result;
    try {
      result = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      notes.push(`- \`${name}.json\` could not be read: ${err.message}`);
      continue;
    }
    const from = `${result.at ?? fs.statSync(file).mtime.toISOString()}${result.machine?.model ? `, ${result.machine.model}` : ''}`;
    if (failed.includes(name)) notes.push(`- \`${name}\` failed in this run: its figures are older (${from}).`);
    else if (!ran.includes(name)) notes.push(`- \`${name}\` was not run this time: its figures are from ${from}.`);
    if (!Array.isArray(result.summary)) {
      notes.push(`- \`${name}\` has no \`summary\` section in its result: none of its figures are in the table.`);
      continue;
    }
    for (const r of result.summary) {
      const baselines = Object.entries(r.baselines ?? {}).map(([k, v]) => `${k}: ${cell(v)}`).join(', ') || '–';
      if (r.target) targets++;
      if (r.target && r.met !== true) missed++;
      const met = r.met === true ? 'yes' : r.met === false ? '**no**' : '–';
      rows.push(`| ${name} | ${cell(r.measure)} | ${cell(r.ours)} | ${baselines} | ${cell(r.ratio)} | ${cell(r.target)} | ${met} |`);
    }
  }
  const cpus = os.cpus();
  const md = [
    '# Benchmark summary',
    '',
    `Written by \`npm run bench\` at ${startedAt.toISOString()}${ran.length ? ` (run: ${ran.join(', ')})` : ''}. How to read it: bench/README.md.`,
    '',
    '| cpu | cores | memory | node | platform | load average (1, 5, 15 min) when written |',
    '|---|---|---|---|---|---|',
    `| ${cpus[0]?.model?.trim() ?? '?'} | ${cpus.length} | ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB | ${process.version} | ${os.platform()} ${os.release()} | ${os.loadavg().map((x) => x.toFixed(2)).join(', ')} |`,
    '',
    `${targets} measures have a target; ${missed} of them not met. Rows without a target are there for context.`,
    '',
    '| bench | measure | ours | baseline(s) | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    ...(notes.length ? ['', ...notes] : []),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(resultsDir, 'summary.md'), md);
  console.log(`\nwrote bench/results/summary.md: ${rows.length} measures, ${targets} with a target, ${missed} not met`);
}

const args = process.argv.slice(2);
const startedAt = new Date();
fs.mkdirSync(resultsDir, { recursive: true });
if (args.includes('--summary')) {
  writeSummary({ startedAt, ran: [], failed: [] });
  process.exit(0);
}
const names = fs
  .readdirSync(benchDir)
  .filter((name) => fs.existsSync(path.join(benchDir, name, 'index.mjs')))
  .filter((name) => args.length === 0 || args.includes(name))
  .sort();

if (names.length === 0) {
  console.error(`cohort: no benchmark matches ${args.join(', ') || '(none exist yet)'}`);
  process.exit(1);
}
buildServer();
const ran = [];
const failed = [];
for (const name of names) {
  console.log(`\n== bench/${name}`);
  const result = spawnSync(process.execPath, ['--expose-gc', path.join(benchDir, name, 'index.mjs')], { cwd: root, stdio: 'inherit' });
  (result.status === 0 ? ran : failed).push(name);
}
writeSummary({ startedAt, ran, failed });
process.exit(failed.length ? 1 : 0);
