/**
 * Which browser origins the hub trusts (ALLOWED_ORIGINS / PUBLIC_URL). Browsers attach the session cookie to
 * requests that other sites start, so every cookie-authenticated entry point (state-changing HTTP, /yjs and
 * /socket.io) asks this first. With nothing configured the hub trusts only its own origin: the page's origin
 * must name the host the request was sent to (its `Host` header), which a page on another site or another
 * port of the same host cannot forge.
 */
export class OriginPolicy {
  private constructor(private readonly allowed: ReadonlySet<string> | null) {}

  /** `origins` are normalised origins (scheme://host[:port]); none means same-origin only. */
  static of(origins: readonly string[]): OriginPolicy {
    return new OriginPolicy(origins.length > 0 ? new Set(origins.map(normaliseOrigin)) : null);
  }

  /** Whether a page at `origin` (an Origin header value) may act on the hub reached as `host`. */
  allows(origin: string, host: string | undefined): boolean {
    const parsed = parseOrigin(origin);
    if (!parsed) return false;
    if (this.allowed) return this.allowed.has(parsed.origin);
    return host !== undefined && parsed.host === host.toLowerCase();
  }

  /** Same as `allows` for a Referer header: its origin part is what counts. */
  allowsReferer(referer: string, host: string | undefined): boolean {
    const parsed = parseOrigin(referer);
    return parsed !== null && this.allows(parsed.origin, host);
  }
}

function parseOrigin(value: string): URL | null {
  // "null" (sandboxed frames, file: pages) and anything that is not http(s) is never trusted.
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** `https://Example.com:443/` -> `https://example.com`; throws on anything that is not an http(s) origin. */
export function normaliseOrigin(value: string): string {
  const url = parseOrigin(value.trim());
  if (!url || url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new TypeError(`${value} is not an origin (scheme://host[:port])`);
  }
  return url.origin;
}
