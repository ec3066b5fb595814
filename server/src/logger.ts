import pino, { type Logger } from 'pino';

export type { Logger };

/** The hub's one logger. Secrets never reach it: auth headers, cookies and passwords are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.passwordHash', 'password'],
      censor: '[redacted]',
    },
  });
}
