import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A second web site on another port of the hub's host (127.0.0.1): another origin but the same site, so the
 * browser sends the hub's SameSite=Lax session cookie with every request a page of this site starts — the
 * same-site attack a hub behind a shared host faces. It serves whatever pages a test puts on it, with no
 * security headers, so their inline scripts run.
 */
export interface OtherSite {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The WebSocket upgrades pages asked this site for, with the cookies the browser attached (then refused). */
  upgrades: Array<{ path: string; cookie: string | undefined; origin: string | undefined }>;
  /** Serves `html` at `path` (replacing what was there) and answers its full URL. */
  page(path: string, html: string): string;
  close(): Promise<void>;
}

export async function startOtherSite(): Promise<OtherSite> {
  const pages = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const html = pages.get((req.url ?? '/').split('?')[0] ?? '/');
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  const upgrades: OtherSite['upgrades'] = [];
  server.on('upgrade', (req, socket) => {
    upgrades.push({ path: req.url ?? '', cookie: req.headers.cookie, origin: req.headers.origin });
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    upgrades,
    page(path, html) {
      pages.set(path, html);
      return `${origin}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** HTML-escapes a value for an attribute or text. */
export const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
