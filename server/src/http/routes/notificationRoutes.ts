import { Router, type Request } from 'express';
import { notificationListQuerySchema, notificationReadSchema, notificationSettingsUpdateSchema } from '@cohort/shared';
import { parseInput } from '../../domain/errors';
import type { NotificationService } from '../../domain/notificationService';
import { textLanguageOf } from '../../edge/textLanguage';
import { authOf } from '../requestAuth';

const languageOf = (req: Request, lang: unknown) => textLanguageOf(lang, req.headers['accept-language']);

/** The caller's notifications: mounted at /api/notifications behind requireAuth. */
export function notificationRoutes(notifications: NotificationService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseInput(notificationListQuerySchema, req.query);
    res.setHeader('Vary', 'Accept-Language');
    res.json(await notifications.list(authOf(req).user.id, { before: query.before, limit: query.limit, unreadOnly: query.unread, lang: languageOf(req, query.lang) }));
  });
  router.post('/read', async (req, res) => {
    res.json(await notifications.markRead(authOf(req).user.id, parseInput(notificationReadSchema, req.body)));
  });
  return router;
}

/** Which kinds the caller is told of: mounted at /api/me/notification-settings behind requireAuth. */
export function notificationSettingsRoutes(notifications: NotificationService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await notifications.settings(authOf(req).user.id));
  });
  router.put('/', async (req, res) => {
    res.json(await notifications.updateSettings(authOf(req).user.id, parseInput(notificationSettingsUpdateSchema, req.body)));
  });
  return router;
}
