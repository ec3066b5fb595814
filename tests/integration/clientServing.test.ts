import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { startTestHub, type TestHub } from '../helpers/hub';
import { tempDir } from '../helpers/tempDir';

/** A raw HTTP exchange: fetch would add its own Accept-Encoding and undo the Content-Encoding. */
function request(hub: TestHub, urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${hub.url}${urlPath}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const br = (b: Buffer) => zlib.brotliCompressSync(b);
const gz = (b: Buffer) => zlib.gzipSync(b);

describe('serving the built client', () => {
  let hub: TestHub;
  let clientDir: string;
  const html = Buffer.from(`<!doctype html><title>Cohort fixture</title>${'<!-- padding -->'.repeat(50)}`);
  const js = Buffer.from(`export const greeting = ${JSON.stringify('hello '.repeat(400))};\n`);
  const css = Buffer.from(`${'.a { color: red }\n'.repeat(100)}`);
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>');
  const write = (rel: string, content: Buffer) => fs.writeFileSync(path.join(clientDir, rel), content);

  beforeAll(async () => {
    clientDir = tempDir('cohort-client-');
    fs.mkdirSync(path.join(clientDir, 'assets'));
    // As the build lays them out: copies beside the originals, not every file has both (or any).
    write('index.html', html);
    write('index.html.br', br(html));
    write('index.html.gz', gz(html));
    write('assets/app-Ab12Cd34.js', js);
    write('assets/app-Ab12Cd34.js.br', br(js));
    write('assets/app-Ab12Cd34.js.gz', gz(js));
    write('assets/style-Ef56Gh78.css', css);
    write('assets/style-Ef56Gh78.css.gz', gz(css));
    write('assets/logo-Ij90Kl12.svg', svg);
    write('robots.txt', Buffer.from('User-agent: *\n'));
    hub = await startTestHub({ env: { CLIENT_DIR: clientDir } });
  });
  afterAll(async () => {
    await hub.destroy();
    fs.rmSync(clientDir, { recursive: true, force: true });
  });

  const JS = '/assets/app-Ab12Cd34.js';

  test.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['*', 'br'],
    ['br;q=0, *', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['identity', null],
    ['deflate', null],
    ['', null],
  ])('Accept-Encoding %j gets %s', async (accept, expected) => {
    const res = await request(hub, JS, accept ? { 'accept-encoding': accept } : {});
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['content-length']).toBe(String(res.body.length));
    if (expected === 'br') {
      expect(res.headers['content-encoding']).toBe('br');
      expect(zlib.brotliDecompressSync(res.body).equals(js)).toBe(true);
    } else if (expected === 'gzip') {
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(res.body).equals(js)).toBe(true);
    } else {
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.equals(js)).toBe(true);
    }
  });

  test('the copy sent is smaller than the original, and says so in Content-Length', async () => {
    const plain = await request(hub, JS, { 'accept-encoding': 'identity' });
    const brotli = await request(hub, JS, { 'accept-encoding': 'br' });
    expect(Number(plain.headers['content-length'])).toBe(js.length);
    expect(Number(brotli.headers['content-length'])).toBe(br(js).length);
    expect(brotli.body.length).toBeLessThan(plain.body.length);
  });

  test('a file with only a gzip copy, or none, falls back to what exists', async () => {
    const style = await request(hub, '/assets/style-Ef56Gh78.css', { 'accept-encoding': 'br, gzip' });
    expect(style.headers['content-encoding']).toBe('gzip');
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(zlib.gunzipSync(style.body).equals(css)).toBe(true);
    const onlyBr = await request(hub, '/assets/style-Ef56Gh78.css', { 'accept-encoding': 'br' });
    expect(onlyBr.headers['content-encoding']).toBeUndefined();
    expect(onlyBr.body.equals(css)).toBe(true);
    const logo = await request(hub, '/assets/logo-Ij90Kl12.svg', { 'accept-encoding': 'br, gzip' });
    expect(logo.status).toBe(200);
    expect(logo.headers['content-encoding']).toBeUndefined();
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    expect(logo.body.equals(svg)).toBe(true);
  });

  test('a copy written after the hub started is served at once (a rebuild under a running hub)', async () => {
    const late = Buffer.from(`console.log(${JSON.stringify('late '.repeat(200))});\n`);
    write('assets/late-Mn34Op56.js', late);
    expect((await request(hub, '/assets/late-Mn34Op56.js', { 'accept-encoding': 'br' })).headers['content-encoding']).toBeUndefined();
    write('assets/late-Mn34Op56.js.br', br(late));
    const res = await request(hub, '/assets/late-Mn34Op56.js', { 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(res.body).equals(late)).toBe(true);
  });

  test('HEAD answers the same headers as GET, without a body', async () => {
    for (const accept of ['br', 'gzip', 'identity']) {
      const get = await request(hub, JS, { 'accept-encoding': accept });
      const head = await request(hub, JS, { 'accept-encoding': accept }, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      for (const h of ['content-type', 'content-encoding', 'content-length', 'vary', 'cache-control', 'etag']) expect(head.headers[h]).toBe(get.headers[h]);
    }
    const index = await request(hub, '/rooms/abc', { 'accept-encoding': 'br' }, 'HEAD');
    expect(index.status).toBe(200);
    expect(index.headers['content-encoding']).toBe('br');
    expect(index.headers['content-length']).toBe(String(br(html).length));
  });

  test('each encoding validates on its own: a conditional GET with its ETag is a 304', async () => {
    const brotli = await request(hub, JS, { 'accept-encoding': 'br' });
    const gzip = await request(hub, JS, { 'accept-encoding': 'gzip' });
    expect(brotli.headers.etag).toBeTruthy();
    expect(brotli.headers.etag).not.toBe(gzip.headers.etag);
    const again = await request(hub, JS, { 'accept-encoding': 'br', 'if-none-match': String(brotli.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  test('hashed assets are immutable for a year; index.html and the app routes are revalidated', async () => {
    for (const p of [JS, '/assets/style-Ef56Gh78.css', '/assets/logo-Ij90Kl12.svg']) {
      expect((await request(hub, p)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    for (const p of ['/', '/index.html', '/rooms/abc', '/notebooks/x/y']) {
      const res = await request(hub, p, { 'accept-encoding': 'gzip' });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(zlib.gunzipSync(res.body).equals(html)).toBe(true);
    }
    expect((await request(hub, '/robots.txt')).headers['cache-control']).toBe('public, max-age=0');
  });

  test('a missing asset is a 404, /api is never the client, and a dotfile or an escape is not served', async () => {
    expect((await request(hub, '/assets/nope-00000000.js', { 'accept-encoding': 'br' })).status).toBe(404);
    const api = await request(hub, '/api/nope');
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toMatch(/application\/json/);
    write('.secret', Buffer.from('no'));
    const dot = await request(hub, '/.secret');
    expect(dot.body.toString()).not.toBe('no');
    const escape = await request(hub, '/assets/..%2f..%2fetc%2fpasswd');
    expect(escape.body.toString()).not.toContain('root:');
  });

  test('the security headers are still on every client response', async () => {
    for (const [p, accept] of [[JS, 'br'], ['/', 'gzip'], ['/rooms/abc', 'identity'], ['/assets/logo-Ij90Kl12.svg', 'br']] as const) {
      const res = await request(hub, p, { 'accept-encoding': accept });
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBeTruthy();
    }
  });
});

describe('before the client is built', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub.destroy();
  });

  test('the app routes answer 503 with a hint, /api still answers', async () => {
    const res = await request(hub, '/', { 'accept-encoding': 'br' });
    expect(res.status).toBe(503);
    expect(res.body.toString()).toContain('not built yet');
    expect((await request(hub, '/api/health')).status).toBe(200);
  });
});
