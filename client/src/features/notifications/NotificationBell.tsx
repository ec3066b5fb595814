import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { SocketEvents, type NotificationNewEvent, type NotificationView } from '@cohort/shared';
import { useSocket } from '../../hooks/useSocket';
import { BellIcon } from './BellIcon';
import { fetchNotifications, markNotificationsRead, subjectHref } from './notificationsApi';
import { setUnreadNotifications, useUnreadNotifications } from './unreadCount';

const TOAST_MS = 8000;

/**
 * The nav's bell: a live unread badge (notification:new), re-read from the hub on every (re)connection, and a
 * short-lived toast of what just came (not on the notifications page, nor about the page one is on).
 */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const { socket, status } = useSocket();
  const unread = useUnreadNotifications();
  const [location, navigate] = useLocation();
  const [toast, setToast] = useState<NotificationView | null>(null);
  const here = useRef(location);
  here.current = location;
  const lang = useRef(i18n.language);
  lang.current = i18n.language;

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
    const onNew = (event: NotificationNewEvent) => {
      setUnreadNotifications(event.unread);
      const href = subjectHref(event.notification.subject);
      if (here.current === '/notifications' || here.current === href) return;
      // The socket's text follows the browser's language; the toast reads it again in the UI's.
      fetchNotifications(lang.current, { limit: 1 }).then(
        (page) => setToast(page.notifications.find((n) => n.id === event.notification.id) ?? event.notification),
        () => setToast(event.notification),
      );
    };
    socket.on(SocketEvents.notificationNew, onNew);
    return () => {
      socket.off(SocketEvents.notificationNew, onNew);
    };
  }, [socket]);

  // The notifications page lists it anyway.
  useEffect(() => {
    if (location === '/notifications') setToast(null);
  }, [location]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  const openToast = (n: NotificationView) => {
    setToast(null);
    markNotificationsRead({ ids: [n.id] }).then((r) => setUnreadNotifications(r.unread), () => undefined);
    navigate(subjectHref(n.subject));
  };

  const onPage = location === '/notifications';
  return (
    <>
      <Link
        href="/notifications"
        className={`bell ${onPage ? 'active' : ''}`}
        aria-current={onPage ? 'page' : undefined}
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
      {/* In body, not in the top bar: the bar's backdrop filter would make it the toast's containing block. */}
      {createPortal(
        <div className="toast-region" role="status" aria-live="polite">
          {toast && (
            <div className="toast" data-testid="notification-toast">
              <a
                href={subjectHref(toast.subject)}
                onClick={(e) => {
                  e.preventDefault();
                  openToast(toast);
                }}
              >
                {toast.text}
              </a>
              <button type="button" className="btn btn-ghost btn-small" aria-label={t('common.close')} onClick={() => setToast(null)}>
                ×
              </button>
            </div>
          )}
        </div>,
        document.body,
      )}
    </>
  );
}
