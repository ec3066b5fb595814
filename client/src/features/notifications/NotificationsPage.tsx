import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { NOTIFICATION_KINDS, SocketEvents, type NotificationSettings, type NotificationView } from '@cohort/shared';
import { Avatar } from '../../components/Avatar';
import { PageHeader } from '../../components/Layout';
import { ErrorNotice, Notice } from '../../components/Notice';
import { TimeAgo } from '../../components/TimeAgo';
import { useSocket } from '../../hooks/useSocket';
import { BellIcon } from './BellIcon';
import { fetchNotifications, fetchNotificationSettings, markNotificationsRead, saveNotificationSettings, subjectHref } from './notificationsApi';
import { setUnreadNotifications } from './unreadCount';

/** /notifications: newest first, each row opens its subject (and is marked read), mark all read, which kinds to hear of. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const { socket } = useSocket();
  const [, navigate] = useLocation();
  const [items, setItems] = useState<NotificationView[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [settings, setSettings] = useState<NotificationSettings | null>(null);

  const load = useCallback(async () => {
    try {
      const page = await fetchNotifications(i18n.language, { unreadOnly });
      setItems(page.notifications);
      setHasMore(page.hasMore);
      setUnreadNotifications(page.unread);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [i18n.language, unreadOnly]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    fetchNotificationSettings().then(setSettings, () => undefined);
  }, []);

  // A live notification is read again in the UI's language (a grouped one moves to the top with its count).
  useEffect(() => {
    if (!socket) return;
    const onNew = () => void load();
    socket.on(SocketEvents.notificationNew, onNew);
    return () => {
      socket.off(SocketEvents.notificationNew, onNew);
    };
  }, [socket, load]);

  const more = async () => {
    const last = items?.[items.length - 1];
    if (!last) return;
    try {
      const page = await fetchNotifications(i18n.language, { unreadOnly, before: last.id });
      setItems((current) => [...(current ?? []), ...page.notifications.filter((n) => !current?.some((c) => c.id === n.id))]);
      setHasMore(page.hasMore);
    } catch (err) {
      setError(err);
    }
  };

  const markRead = async (input: { ids: string[] } | { all: true }) => {
    const { unread } = await markNotificationsRead(input);
    setUnreadNotifications(unread);
    const now = new Date().toISOString();
    const ids = 'ids' in input ? new Set(input.ids) : null;
    setItems((current) => (current ?? []).map((n) => (n.readAt === null && (!ids || ids.has(n.id)) ? { ...n, readAt: now } : n)).filter((n) => !unreadOnly || n.readAt === null));
  };

  const open = (n: NotificationView) => {
    if (n.readAt === null) void markRead({ ids: [n.id] }).catch(() => undefined);
    navigate(subjectHref(n.subject));
  };

  const toggleKind = async (kind: keyof NotificationSettings, on: boolean) => {
    try {
      setSettings(await saveNotificationSettings({ [kind]: on }));
    } catch (err) {
      setError(err);
    }
  };

  const anyUnread = items?.some((n) => n.readAt === null) ?? false;
  return (
    <div className="page notifications-page">
      <PageHeader title={t('notifications.title')}>
        <label className="checkbox">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} data-testid="notifications-unread-only" /> {t('notifications.unreadOnly')}
        </label>
        <button type="button" className="btn btn-small" disabled={!anyUnread} onClick={() => void markRead({ all: true }).catch(setError)} data-testid="notifications-mark-all">
          {t('notifications.markAllRead')}
        </button>
      </PageHeader>
      {error !== null && <ErrorNotice error={error} />}
      {items === null && error === null && <Notice>{t('common.loading')}</Notice>}
      {items !== null && items.length === 0 && <Notice>{unreadOnly ? t('notifications.noneUnread') : t('notifications.empty')}</Notice>}
      {items !== null && items.length > 0 && (
        <ul className="notification-list" data-testid="notification-list">
          {items.map((n) => (
            <li key={n.id} className={`notification ${n.readAt === null ? 'unread' : ''}`} data-testid="notification" data-kind={n.kind} data-read={n.readAt !== null}>
              <Link
                href={subjectHref(n.subject)}
                className="notification-open"
                onClick={(e) => {
                  e.preventDefault();
                  open(n);
                }}
              >
                {n.actor ? <Avatar id={n.actor.id} name={n.actor.displayName} size={32} /> : <span className="notification-icon"><BellIcon size={24} /></span>}
                <span className="notification-body">
                  <span className="notification-text">{n.text}</span>
                  <span className="muted notification-meta">
                    {t(`notifications.kinds.${n.kind}`, { defaultValue: n.kind })} · <TimeAgo iso={n.createdAt} />
                  </span>
                </span>
                {n.readAt === null && <span className="visually-hidden">{t('notifications.unread')}</span>}
              </Link>
              {n.readAt === null && (
                <button type="button" className="btn btn-ghost btn-small" onClick={() => void markRead({ ids: [n.id] }).catch(setError)} data-testid="notification-mark-read">
                  {t('notifications.markRead')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {hasMore && (
        <button type="button" className="btn" onClick={() => void more()}>
          {t('common.loadMore')}
        </button>
      )}
      {settings && (
        <section className="card notification-settings" aria-labelledby="notification-settings-title">
          <h2 id="notification-settings-title">{t('notifications.settings')}</h2>
          <p className="muted">{t('notifications.settingsHint')}</p>
          {NOTIFICATION_KINDS.map((kind) => (
            <label key={kind} className="checkbox">
              <input type="checkbox" checked={settings[kind]} onChange={(e) => void toggleKind(kind, e.target.checked)} data-testid={`notification-setting-${kind}`} /> {t(`notifications.kinds.${kind}`)}
            </label>
          ))}
        </section>
      )}
    </div>
  );
}
