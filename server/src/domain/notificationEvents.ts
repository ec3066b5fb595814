import type { NotificationRecord } from '../store/ports';
import { EventBus } from './eventBus';

/** A notification was stored (or a grouped one updated) for `userId`, who now has `unread` unread ones. */
export interface NotificationStored {
  userId: string;
  notification: NotificationRecord;
  unread: number;
}

/** In-process bus from the notification rules to the realtime gateway, which tells every tab of the user. */
export class NotificationEvents extends EventBus<NotificationStored> {}
