import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The hub's one logger. Secrets never reach it: auth headers, cookies, passwords and query strings are
 * redacted. `destination` is stdout unless given (tests capture lines with it).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.query', '*.password', '*.passwordHash', 'password'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A request URL fit for a log line: the path as sent, every query value replaced, since query strings carry
 * tokens (`/yjs/...?token=`) and what people search for.
 */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const name = pair.split('=')[0]!;
      // A long or odd "name" may itself be a secret (`?<token>`), so only short plain names are kept.
      return `${/^[A-Za-z0-9_.[\]-]{1,32}$/.test(name) ? name : '[redacted]'}=[redacted]`;
    });
  return `${url.slice(0, q)}?${names.join('&')}`;
}
