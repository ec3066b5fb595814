#!/usr/bin/env node
// bench/client: what the web client costs a browser at first paint, served precompressed against the same
// hub serving it uncompressed, same run.
//
// 1. Initial JS: the scripts index.html loads (the entry and its modulepreloads: all the Home page runs),
//    summed as the files the hub sends for each encoding (.br, .gz, the original). Target: <= 150 KiB gzipped.
// 2. Largest contentful paint of the Home page for a signed-in user, in real headless Chromium against a
//    real hub (server/dist, serving client/dist, SQLite in a temp dir, embeddings off) on loopback:
//    - cold: a fresh browser context with its cache cleared before each load;
//    - warm: a second load in a context that has loaded the page once (hashed assets come from the cache;
//      index.html is revalidated, as its no-cache says);
//    - cold over a 10 Mbit/s, 40 ms link (CDP network emulation), where bytes cost time as they do off loopback.
//    Each as Chromium asks (Accept-Encoding: gzip, deflate, br, zstd: it gets brotli) and as the baseline,
//    `Accept-Encoding: identity` set through CDP (Network.setExtraHTTPHeaders), so the hub sends the files
//    as built. The two alternate run by run, so a busy moment of the machine hits both. Reported: the median
//    of the runs, each run, the LCP element, and the script bytes on the wire (CDP encodedDataLength).
// LCP is read from a PerformanceObserver (buffered) once the greeting is shown and the network is idle.
// Results: bench/results/client.json. Run: `npm run bench client`; BENCH_CLIENT_RUNS=<n> (default 7).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildClient } from '../../scripts/build.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { chromium } = require('playwright-core');
const { startHub } = require(path.join(root, 'server', 'dist', 'main.js'));
const { loadConfig } = require(path.join(root, 'server', 'dist', 'config.js'));

const RUNS = Number(process.env.BENCH_CLIENT_RUNS ?? 7);
const TARGET_GZIP_KB = 150;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const THROTTLED = { offline: false, latency: 40, downloadThroughput: (10e6 / 8) | 0, uploadThroughput: (5e6 / 8) | 0 };
/** KiB (1,024 bytes), one decimal. */
const KB = (bytes) => Math.round((bytes / 1024) * 10) / 10;
const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.floor(s.length / 2)] * 10) / 10 : null;
};
const ratio = (a, b) => (a !== null && b ? Math.round((a / b) * 1000) / 1000 : null);
const loadAverage = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

// ---- 1. the built client and its initial scripts
const clientDir = path.join(root, 'client', 'dist');
buildClient();
// A build from before the compression plugin looks fresh but has no copies: build again.
if (!fs.existsSync(path.join(clientDir, 'index.html.br'))) buildClient({ force: true });
const indexHtml = fs.readFileSync(path.join(clientDir, 'index.html'), 'utf8');
const scripts = [...indexHtml.matchAll(/<script[^>]*\ssrc="([^"]+)"|<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
const size = (file) => (fs.existsSync(file) ? fs.statSync(file).size : null);
const files = scripts.map((src) => {
  const file = path.join(clientDir, src);
  const raw = size(file);
  return { src, raw, gzip: size(`${file}.gz`) ?? raw, br: size(`${file}.br`) ?? raw };
});
const sum = (key) => files.reduce((n, f) => n + f[key], 0);
const initialJs = { scripts: files.length, rawKB: KB(sum('raw')), gzipKB: KB(sum('gzip')), brKB: KB(sum('br')), files };
console.log(`initial JS: ${files.length} scripts, ${initialJs.rawKB} KiB as built, ${initialJs.gzipKB} KiB gzip, ${initialJs.brKB} KiB brotli (target <= ${TARGET_GZIP_KB} KiB gzip)`);

// ---- 2. a real hub, a user, real Chromium
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-bench-client-'));
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', EMBEDDINGS: 'off', AUTH_RATE_LIMIT_PER_MINUTE: '100000', CLIENT_DIR: clientDir });
const hub = await startHub(config);
const register = await fetch(`${hub.url}/api/auth/register`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: `bench${Date.now().toString(36)}`, password: 'bench password 1', displayName: 'Bench Reader' }),
});
if (register.status !== 201) throw new Error(`register: ${register.status} ${await register.text()}`);
const { token } = await register.json();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage'],
});

/** Records LCP candidates from the first moment of every document the context opens. */
const OBSERVE_LCP = () => {
  window.__lcp = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__lcp.push({ t: e.startTime, size: e.size, tag: e.element?.tagName ?? null, text: (e.element?.textContent ?? '').trim().slice(0, 40) });
  }).observe({ type: 'largest-contentful-paint', buffered: true });
};

async function newSignedInContext() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
  await context.addCookies([{ name: 'cohort_session', value: token, url: hub.url, httpOnly: true, sameSite: 'Lax' }]);
  await context.addInitScript(OBSERVE_LCP);
  return context;
}

/** One load of the Home page in `context`: its LCP, FCP and what its scripts cost on the wire. */
async function loadHome(context, { identity, throttle, clearCache }) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (clearCache) await cdp.send('Network.clearBrowserCache');
  if (identity) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  if (throttle) await cdp.send('Network.emulateNetworkConditions', throttle);
  const responses = new Map();
  cdp.on('Network.responseReceived', (e) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    responses.set(e.requestId, { type: e.type, url: e.response.url, status: e.response.status, encoding: h['content-encoding'] ?? null, cached: e.response.fromDiskCache || e.response.fromPrefetchCache || false, wire: 0 });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = responses.get(e.requestId);
    if (r) r.wire = e.encodedDataLength;
  });
  await page.goto(`${hub.url}/`, { waitUntil: 'load' });
  await page.locator('.hero h1').waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(200);
  const paint = await page.evaluate(() => ({ lcp: window.__lcp.at(-1) ?? null, fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null }));
  const js = [...responses.values()].filter((r) => r.type === 'Script');
  await cdp.detach().catch(() => undefined);
  await page.close();
  return {
    lcpMs: paint.lcp ? Math.round(paint.lcp.t * 10) / 10 : null,
    fcpMs: paint.fcp === null ? null : Math.round(paint.fcp * 10) / 10,
    lcpElement: paint.lcp ? `${paint.lcp.tag}: ${paint.lcp.text}` : null,
    scripts: js.length,
    scriptsFromNetwork: js.filter((r) => !r.cached && r.status !== 304).length,
    scriptWireKB: KB(js.reduce((n, r) => n + r.wire, 0)),
    scriptEncodings: [...new Set(js.filter((r) => r.wire > 0).map((r) => r.encoding ?? 'identity'))],
  };
}

const scenarios = {
  loopbackCold: { label: 'cold cache, loopback', throttle: null, warm: false },
  loopbackWarm: { label: 'warm cache, loopback', throttle: null, warm: true },
  throttledCold: { label: 'cold cache, 10 Mbit/s 40 ms', throttle: THROTTLED, warm: false },
};
const loadBefore = loadAverage();
const lcp = {};
try {
  // One throwaway load so the hub and the browser have warmed up before anything counts.
  const warmUp = await newSignedInContext();
  await loadHome(warmUp, { identity: false, throttle: null, clearCache: true });
  await warmUp.close();
  for (const [key, scenario] of Object.entries(scenarios)) {
    const runs = { compressed: [], identity: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const variant of i % 2 === 0 ? ['compressed', 'identity'] : ['identity', 'compressed']) {
        const identity = variant === 'identity';
        const context = await newSignedInContext();
        if (scenario.warm) await loadHome(context, { identity, throttle: scenario.throttle, clearCache: true });
        runs[variant].push(await loadHome(context, { identity, throttle: scenario.throttle, clearCache: !scenario.warm }));
        await context.close();
      }
    }
    const side = (list) => ({
      lcpMs: median(list.map((r) => r.lcpMs)),
      fcpMs: median(list.map((r) => r.fcpMs)),
      scriptWireKB: median(list.map((r) => r.scriptWireKB)),
      lcpElements: [...new Set(list.map((r) => r.lcpElement))],
      runs: list,
    });
    lcp[key] = { label: scenario.label, compressed: side(runs.compressed), identity: side(runs.identity) };
    lcp[key].lcpRatio = ratio(lcp[key].compressed.lcpMs, lcp[key].identity.lcpMs);
    const c = lcp[key].compressed;
    const u = lcp[key].identity;
    console.log(`LCP ${scenario.label}: ${c.lcpMs} ms compressed (scripts ${c.scriptWireKB} KiB on the wire) vs ${u.lcpMs} ms identity (${u.scriptWireKB} KiB), ratio ${lcp[key].lcpRatio}; FCP ${c.fcpMs} vs ${u.fcpMs} ms`);
  }
} finally {
  await browser.close().catch(() => undefined);
  await hub.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const row = (measure, ours, baselines, target, met, r = ratio(ours, Object.values(baselines)[0])) => ({ measure, ours, baselines, ratio: r, target, met });
const summary = [
  row('initial JS, KiB gzip (as served; baseline: as built)', initialJs.gzipKB, { identity: initialJs.rawKB }, `≤ ${TARGET_GZIP_KB} KiB gzip`, initialJs.gzipKB <= TARGET_GZIP_KB),
  row('initial JS, KiB brotli (as served; baseline: as built)', initialJs.brKB, { identity: initialJs.rawKB }, null, null),
  ...Object.entries(lcp).flatMap(([key, s]) => [
    row(`Home LCP, ${s.label}, ms`, s.compressed.lcpMs, { identity: s.identity.lcpMs }, null, null, s.lcpRatio),
    // A warm load takes its scripts from the cache: nothing on the wire to compare.
    ...(scenarios[key].warm ? [] : [row(`Home scripts on the wire, ${s.label}, KiB`, s.compressed.scriptWireKB, { identity: s.identity.scriptWireKB }, null, null)]),
  ]),
];
const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage: loadBefore };
const result = { bench: 'client', at: new Date().toISOString(), machine, loadAverageAfter: loadAverage(), runs: RUNS, initialJs, lcp, summary };
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'client.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`initial JS ${initialJs.gzipKB} KiB gzip (target <= ${TARGET_GZIP_KB}): ${summary[0].met ? 'met' : 'NOT met'}; wrote bench/results/client.json`);
process.exit(0);
