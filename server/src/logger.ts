import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The hub's one logger; each module logs through a child of it (`logger.child({ module })`). Secrets never
 * reach it: auth headers, cookies, passwords and query strings are redacted. Lines are JSON, one per line,
 * to `destination` when given (tests capture lines with it) or to stdout; on a terminal stdout gets them
 * human-readable instead (pino-pretty), since a person reads them there and a machine everywhere else.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.query', '*.password', '*.passwordHash', 'password'],
      censor: '[redacted]',
    },
  };
  if (destination) return pino(options, destination);
  // A silent logger needs no formatting thread.
  if (process.stdout.isTTY && level !== 'silent') return pino({ ...options, transport: { target: 'pino-pretty', options: PRETTY } });
  return pino(options);
}

/** pino-pretty's options: local time, the module before the message, no pid or hostname (one process per terminal). */
const PRETTY = {
  colorize: true,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,module',
  messageFormat: '{if module}[{module}] {end}{msg}',
};

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
