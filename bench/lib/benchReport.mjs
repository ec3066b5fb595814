// What every capacity bench reports the same way: the machine (with its load before and after the run),
// percentiles, the pass rule of a step, and the `summary` rows that scripts/bench.mjs gathers into
// bench/results/summary.md: { measure, ours, baselines: { name: value }, ratio, target, met }.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DELIVERY_FLOOR = 0.95;
export const P99_CEILING_MS = 100;

export function machine() {
  return {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? null,
    memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** The p-th percentile of an ascending array (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}

export function latencySummary(samples) {
  const sorted = Float64Array.from(samples).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length ? round(sorted[sorted.length - 1]) : null, samples: sorted.length };
}

/** A step passes while at least 95% of what was offered was delivered and p99 is at most 100 ms. */
export function verdict(deliveredRatio, latencyMs) {
  if (deliveredRatio < DELIVERY_FLOOR) return { passed: false, reason: `delivered ${(deliveredRatio * 100).toFixed(1)}% < ${DELIVERY_FLOOR * 100}%` };
  if (latencyMs.p99 === null || latencyMs.p99 > P99_CEILING_MS) return { passed: false, reason: `p99 ${latencyMs.p99} ms > ${P99_CEILING_MS} ms` };
  return { passed: true };
}

/**
 * One summary row. `better` says which way is good; `factor` scales the baseline in the target
 * (capacity >= 0.9 x baseline: better 'higher', factor 0.9). The ratio is ours / that baseline.
 */
export function summaryRow({ measure, ours, baselines, against, better, factor = 1, unit = '' }) {
  const base = baselines[against];
  const ratio = ours !== null && base ? round(ours / base, 3) : null;
  const met = ratio === null ? false : better === 'higher' ? ratio >= factor : ratio <= factor;
  const target = `${better === 'higher' ? '≥' : '≤'} ${factor === 1 ? '' : `${factor}× `}${against}${unit ? ` (${unit})` : ''}`;
  return { measure, ours, baselines, ratio, target, met };
}

export function round(x, digits = 2) {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function writeResult(root, name, report) {
  const dir = path.join(root, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
}

/** Waits until the 1-minute load average is below `below` (or `maxWaitMs` passed); returns the load seen. */
export async function waitForQuiet({ below = Number(process.env.BENCH_MAX_LOAD ?? Infinity), maxWaitMs = 10 * 60_000, log = console.log } = {}) {
  const until = Date.now() + maxWaitMs;
  while (os.loadavg()[0] >= below && Date.now() < until) {
    log(`  waiting for a quieter machine: load ${os.loadavg()[0].toFixed(2)} >= ${below}`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
  return os.loadavg()[0];
}
