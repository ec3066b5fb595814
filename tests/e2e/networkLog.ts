import type { CDPSession, Page } from 'playwright-core';

/** One request as Chromium's network stack saw it: the headers it really sent and the status it got back. */
export interface LoggedRequest {
  url: string;
  method: string;
  /** Headers as sent on the wire (cookie and origin included), lower-cased names. */
  sent: Record<string, string>;
  /** The HTTP status the server answered, also when the page was not allowed to see it (CORS, CORP). */
  status?: number;
  /** How the load ended for the page: 'finished', or the error (e.g. net::ERR_FAILED for a CORS block). */
  outcome?: string;
}

/**
 * Chromium's own network log (DevTools protocol) for one page. Playwright's request events lack the
 * wire headers and the status of a request the browser then blocked (a CORS-failed read, a no-cors fetch
 * stopped by Cross-Origin-Resource-Policy); the protocol's ExtraInfo events carry both.
 */
export class NetworkLog {
  private readonly byId = new Map<string, LoggedRequest>();
  private readonly waiters: Array<{ match: (r: LoggedRequest) => boolean; resolve: (r: LoggedRequest) => void }> = [];

  private constructor(private readonly cdp: CDPSession) {}

  static async of(page: Page): Promise<NetworkLog> {
    const cdp = await page.context().newCDPSession(page);
    const log = new NetworkLog(cdp);
    cdp.on('Network.requestWillBeSent', (e) => log.update(e.requestId, { url: e.request.url, method: e.request.method }));
    cdp.on('Network.requestWillBeSentExtraInfo', (e) => log.update(e.requestId, { sent: lowerCase(e.headers) }));
    cdp.on('Network.responseReceivedExtraInfo', (e) => log.update(e.requestId, { status: e.statusCode }));
    cdp.on('Network.webSocketCreated', (e) => log.update(e.requestId, { url: e.url, method: 'GET' }));
    cdp.on('Network.webSocketWillSendHandshakeRequest', (e) => log.update(e.requestId, { sent: lowerCase(e.request.headers) }));
    cdp.on('Network.webSocketHandshakeResponseReceived', (e) => log.update(e.requestId, { status: e.response.status }));
    // A refused upgrade ends here, the status only in the message ("Unexpected response code: 403").
    cdp.on('Network.webSocketFrameError', (e) => {
      const code = /response code: (\d{3})/.exec(e.errorMessage)?.[1];
      log.update(e.requestId, { outcome: `error ${e.errorMessage}`, ...(code ? { status: Number(code) } : {}) });
    });
    cdp.on('Network.webSocketClosed', (e) => log.update(e.requestId, { outcome: 'closed' }));
    cdp.on('Network.loadingFinished', (e) => log.update(e.requestId, { outcome: 'finished' }));
    cdp.on('Network.loadingFailed', (e) => log.update(e.requestId, { outcome: e.errorText }));
    await cdp.send('Network.enable');
    return log;
  }

  /**
   * Resolves with the first request (past or future) that matches once it has ended and its status is known
   * (the protocol's events for one request may come in any order).
   */
  answered(match: (r: LoggedRequest) => boolean, timeoutMs = 30_000): Promise<LoggedRequest> {
    const done = [...this.byId.values()].find((r) => complete(r) && match(r));
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching request ended in time')), timeoutMs);
      this.waiters.push({ match, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  /** Every request so far whose URL is `url`. */
  all(url: string): LoggedRequest[] {
    return [...this.byId.values()].filter((r) => r.url === url);
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }

  private update(id: string, change: Partial<LoggedRequest>): void {
    let e = this.byId.get(id);
    if (!e) this.byId.set(id, (e = { url: '', method: '', sent: {} }));
    if (change.outcome !== undefined && e.outcome !== undefined) delete change.outcome; // the first end counts
    // Wire headers come in pieces (the WebSocket handshake event lacks the cookie its ExtraInfo has).
    if (change.sent) change.sent = { ...e.sent, ...change.sent };
    if (change.status !== undefined && e.status !== undefined) delete change.status;
    Object.assign(e, change);
    if (!complete(e)) return;
    const entry = e;
    for (const w of this.waiters.splice(0)) {
      if (w.match(entry)) w.resolve(entry);
      else this.waiters.push(w);
    }
  }
}

const complete = (r: LoggedRequest): boolean => r.url !== '' && r.outcome !== undefined && r.status !== undefined && 'user-agent' in r.sent;

function lowerCase(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}
