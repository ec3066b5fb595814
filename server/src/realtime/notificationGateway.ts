import { SocketEvents, TEXT_LANGUAGES, type TextLanguage } from '@cohort/shared';
import type { NotificationEvents, NotificationStored } from '../domain/notificationEvents';
import type { NotificationService } from '../domain/notificationService';
import { textLanguageOf } from '../edge/textLanguage';
import type { Logger } from '../logger';
import { userRoom, type CohortIo } from './socketServer';

/** Every socket is in exactly one of these, by the language its text is told in. */
const languageRoom = (lang: TextLanguage) => `lang:${lang}`;

/**
 * Live notifications: each stored notification goes to every connection of its user as `notification:new`, the
 * text in each connection's language (`auth.lang`, else its Accept-Language). Rooms only, so with the Redis
 * adapter it reaches the user's tabs on every process. Returns a detach function.
 */
export function attachNotificationGateway(io: CohortIo, deps: { notifications: NotificationService; events: NotificationEvents; logger: Logger }): () => void {
  const onConnection = (socket: Parameters<Parameters<CohortIo['on']>[1]>[0]) => {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    void socket.join(languageRoom(textLanguageOf(auth?.lang, socket.handshake.headers['accept-language'])));
  };
  io.on('connection', onConnection);

  const deliver = async ({ userId, notification, unread }: NotificationStored) => {
    for (const lang of TEXT_LANGUAGES) {
      const view = await deps.notifications.present(notification, lang);
      // The user's sockets minus those of every other language: the ones told in this one.
      const others = TEXT_LANGUAGES.filter((l) => l !== lang).map(languageRoom);
      io.to(userRoom(userId)).except(others).emit(SocketEvents.notificationNew, { notification: view, unread });
    }
  };
  const detach = deps.events.on((event) => {
    deliver(event).catch((err: unknown) => deps.logger.error({ err }, 'notifications: live delivery failed'));
  });
  return () => {
    detach();
    io.off('connection', onConnection);
  };
}
