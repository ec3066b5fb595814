import type { NotificationView, PublicUser, TextLanguage } from '@cohort/shared';
import type { NotificationRecord } from '../../store/ports';
import { notificationCode, renderText } from '../notificationText';

/** A stored notification as its reader sees it, with the text in their language and in machine form. */
export function presentNotification(record: NotificationRecord, actor: PublicUser | null, lang: TextLanguage): NotificationView {
  const textCode = notificationCode(record, actor?.displayName ?? null);
  return {
    id: record.id,
    kind: record.kind,
    createdAt: record.createdAt,
    readAt: record.readAt,
    actor,
    subject: { type: record.subjectType, id: record.subjectId, title: record.params.title ?? '' },
    text: renderText(textCode, lang),
    textCode,
    count: record.count,
  };
}
