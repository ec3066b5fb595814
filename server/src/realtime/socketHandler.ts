import type { Ack, ClientEventAck, ClientEventName } from '@cohort/shared';
import { parseInput, toErrorBody } from '../domain/errors';
import type { Logger } from '../logger';
import type { CohortSocket } from './socketServer';

type Schema<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } };

/** What a handler answers: the event's ack fields (see the shared event map), or nothing for an ack of `ok` alone. */
type HandlerResult<E extends ClientEventName> = keyof ClientEventAck<E> extends never ? void : ClientEventAck<E>;

/**
 * Registers a client -> server event whose payload is validated with `schema` and whose outcome is always
 * answered through the ack: `{ok: true, ...result}` or `{ok: false, error}`. Nothing a client sends can throw
 * out of here; a missing ack just means nobody hears the answer.
 */
export function onEvent<E extends ClientEventName, T>(
  socket: CohortSocket,
  event: E,
  schema: Schema<T>,
  handler: (input: T) => Promise<HandlerResult<E>>,
  logger: Logger,
): void {
  // The listener takes the raw arguments, whatever a client sent: the schema, not the map, decides what is valid.
  socket.on(event as ClientEventName, (...args: unknown[]) => {
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
