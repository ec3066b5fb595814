import pino from 'pino';
import type { Logger } from '../../server/src/logger';

export interface LogRecord {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A real pino logger that keeps its records in memory (level as a name), for tests that read what was logged. */
export function recordingLogger(level = 'info'): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = pino(
    { level, base: null, timestamp: false },
    {
      write(line: string) {
        const record = JSON.parse(line) as { level: number; msg?: string };
        records.push({ ...record, level: pino.levels.labels[record.level] ?? String(record.level), msg: record.msg ?? '' });
      },
    },
  );
  return { logger, records };
}
