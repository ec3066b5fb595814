import type { Ack } from '@cohort/shared';
import { parseInput, toErrorBody } from '../domain/errors';
import type { Logger } from '../logger';
import type { CohortSocket } from './socketServer';

type Schema<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } };

/**
 * Registers a client -> server event whose payload is validated with `schema` and whose outcome is always
 * answered through the ack: `{ok: true, ...result}` or `{ok: false, error}`. Nothing a client sends can throw
 * out of here; a missing ack just means nobody hears the answer.
 */
export function onEvent<T>(
  socket: CohortSocket,
  event: string,
  schema: Schema<T>,
  handler: (input: T) => Promise<object | void>,
  logger: Logger,
): void {
  socket.on(event, (...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (reply: Ack) => void) : undefined;
    const payload = ack ? (args.length > 1 ? args[0] : undefined) : args[0];
    const reply = (answer: Ack) => {
      try {
        ack?.(answer);
      } catch (err) {
        logger.warn({ err, event }, 'ack failed');
      }
    };
    (async () => {
      const input = parseInput(schema, payload);
      const result = await handler(input);
      reply({ ok: true, ...(result ?? {}) });
    })().catch((err: unknown) => {
      const { status, body } = toErrorBody(err);
      if (status >= 500) logger.error({ err, event, userId: socket.data.user?.id }, 'socket event failed');
      reply({ ok: false, error: body.error });
    });
  });
}
