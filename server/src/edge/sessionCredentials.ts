/** Where a request or socket handshake carries its session: the bearer header, or the cookie login sets. */
export const SESSION_COOKIE = 'cohort_session';

/** The token of a request: `Authorization: Bearer <token>` first, then the session cookie. */
export function tokenOf(headers: { authorization?: string | undefined; cookie?: string | undefined }, cookies?: Record<string, string>): string | undefined {
  const auth = headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1] : undefined;
  }
  if (cookies) return cookies[SESSION_COOKIE] || undefined;
  return cookieValue(headers.cookie, SESSION_COOKIE);
}

/** Whether the request would be authenticated by the session cookie (no Authorization header, a cookie set). */
export function usesSessionCookie(headers: { authorization?: string | undefined; cookie?: string | undefined }): boolean {
  return !headers.authorization && cookieValue(headers.cookie, SESSION_COOKIE) !== undefined;
}

/** Reads one cookie from a raw Cookie header (for the socket handshakes, which have no cookie-parser). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim()) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
