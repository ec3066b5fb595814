import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every response. The CSP is what the built client needs and nothing more: all of its
 * scripts, styles and fonts come from the hub itself; sockets go to the same origin. Styles also need
 * 'unsafe-inline': CodeMirror (style-mod) writes its themes into a <style> element and y-codemirror draws
 * remote cursors with style attributes (user content cannot: the markdown sanitizer strips both); scripts
 * stay 'self' only. `frame-ancestors 'none'` (and X-Frame-Options) stop other sites from framing the app
 * to trick clicks. The referrer policy keeps the Origin header on our own requests (`no-referrer` would
 * turn it into `null` and trip the CSRF check).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'worker-src': ["'self'", 'blob:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Browsers ignore HSTS over plain http; over https it must not reach other services on sibling subdomains.
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  });
}
