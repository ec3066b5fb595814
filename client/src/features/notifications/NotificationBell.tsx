import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { SocketEvents, type NotificationNewEvent } from '@cohort/shared';
import { useSocket } from '../../hooks/useSocket';
import { BellIcon } from './BellIcon';
import { fetchNotifications } from './notificationsApi';
import { setUnreadNotifications, useUnreadNotifications } from './unreadCount';

/** The nav's bell: a live unread badge (notification:new), re-read from the hub on every (re)connection. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const { socket, status } = useSocket();
  const unread = useUnreadNotifications();
  const [location] = useLocation();

  useEffect(() => {
    if (status !== 'connected') return;
    let live = true;
    // Whatever came while the connection was down is counted by the hub.
    fetchNotifications(i18n.language, { limit: 1 }).then(
      (page) => live && setUnreadNotifications(page.unread),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [status, i18n.language]);

  useEffect(() => {
    if (!socket) return;
    const onNew = (event: NotificationNewEvent) => setUnreadNotifications(event.unread);
    socket.on(SocketEvents.notificationNew, onNew);
    return () => {
      socket.off(SocketEvents.notificationNew, onNew);
    };
  }, [socket]);

  const here = location === '/notifications';
  return (
    <Link
      href="/notifications"
      className={`bell ${here ? 'active' : ''}`}
      aria-current={here ? 'page' : undefined}
      aria-label={unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
      data-testid="notification-bell"
      data-unread={unread}
    >
      <BellIcon />
      {unread > 0 && (
        <span className="badge bell-badge" aria-hidden="true" data-testid="notification-badge">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
