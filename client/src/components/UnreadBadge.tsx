import { useTranslation } from 'react-i18next';

/** A room's unread count, with the mentions beside it (never instead of it). */
export function UnreadBadge({ unread, mentions }: { unread: number; mentions: number }) {
  const { t } = useTranslation();
  if (unread <= 0 && mentions <= 0) return null;
  const label = mentions > 0 ? `${t('rooms.unreadCount', { count: unread })}, ${t('rooms.mentionCount', { count: mentions })}` : t('rooms.unreadCount', { count: unread });
  return (
    <span className="unread" data-testid="unread-badge" data-unread={unread} data-mentions={mentions}>
      <span className="visually-hidden">{label}</span>
      <span className="badge" aria-hidden="true">
        {unread}
      </span>
      {mentions > 0 && (
        <span className="badge badge-mention" aria-hidden="true">
          @{mentions}
        </span>
      )}
    </span>
  );
}
