import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'wouter';
import { ErrorNotice, Notice } from '../../components/Notice';
import { useMe } from '../../hooks/useSession';
import { UnreadBadge } from '../../components/UnreadBadge';
import { ChatView } from './ChatView';
import { conversationName, useConversationMembers } from './conversationNames';
import { CreateRoomDialog } from './CreateRoomDialog';
import { useRoomList } from './useRoomList';

/** The caller's rooms beside the open one's chat. */
export function RoomsPage() {
  const { t } = useTranslation();
  const params = useParams<{ id?: string }>();
  const [, navigate] = useLocation();
  const selected = params.id ?? null;
  const { rooms, error, refresh, setRooms } = useRoomList();
  const me = useMe();
  // Direct conversations are listed apart from topic rooms, named by the people in them.
  const topicRooms = rooms?.filter((r) => r.kind !== 'direct') ?? [];
  const conversations = rooms?.filter((r) => r.kind === 'direct') ?? [];
  const conversationMembers = useConversationMembers(rooms);
  const [creating, setCreating] = useState(false);

  const markRead = useCallback(
    (roomId: string) => setRooms((list) => list && list.map((r) => (r.id === roomId ? { ...r, unread: 0, mentions: 0 } : r))),
    [setRooms],
  );

  return (
    <div className={`split ${selected ? 'has-detail' : ''}`}>
      <aside className="split-list" aria-label={t('rooms.listLabel')}>
        <div className="split-list-head">
          <h1>{t('rooms.title')}</h1>
          <button type="button" className="btn btn-primary btn-small" onClick={() => setCreating(true)} data-testid="new-room">
            {t('rooms.create')}
          </button>
        </div>
        <ErrorNotice error={error} />
        {rooms === null && !error && <Notice>{t('common.loading')}</Notice>}
        {rooms && rooms.length === 0 && <Notice>{t('rooms.empty')}</Notice>}
        {conversations.length > 0 && (
          <>
            <h2 className="room-group">{t('directory.conversations')}</h2>
            <ul className="room-list" data-testid="conversation-list">
              {conversations.map((r) => (
                <li key={r.id}>
                  <Link href={`/rooms/${r.id}`} className={`room-item ${r.id === selected ? 'active' : ''}`} aria-current={r.id === selected ? 'page' : undefined}>
                    <span className="room-item-main">
                      <span className="room-name">{conversationName((conversationMembers.get(r.id) ?? []).map((user) => ({ user })), me.id, t)}</span>
                    </span>
                    {r.id !== selected && <UnreadBadge unread={r.unread} mentions={r.mentions} />}
                  </Link>
                </li>
              ))}
            </ul>
            {topicRooms.length > 0 && <h2 className="room-group">{t('directory.topicRooms')}</h2>}
          </>
        )}
        {topicRooms.length > 0 && (
          <ul className="room-list">
            {topicRooms.map((r) => (
              <li key={r.id}>
                <Link href={`/rooms/${r.id}`} className={`room-item ${r.id === selected ? 'active' : ''}`} aria-current={r.id === selected ? 'page' : undefined}>
                  <span className="room-item-main">
                    <span className="room-name">
                      {r.visibility === 'private' && (
                        <span className="lock" role="img" aria-label={t('rooms.private')}>
                          🔒
                        </span>
                      )}
                      {r.name}
                    </span>
                    <span className="room-topic muted">{r.topic}</span>
                  </span>
                  {r.id !== selected && <UnreadBadge unread={r.unread} mentions={r.mentions} />}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </aside>
      <section className="split-detail" aria-label={t('rooms.chat')}>
        {selected ? (
          <>
            <Link href="/rooms" className="back-link">
              ← {t('rooms.back')}
            </Link>
            <ChatView key={selected} roomId={selected} unreadAtOpen={rooms?.find((r) => r.id === selected)?.unread} onRead={markRead} onChanged={() => void refresh()} />
          </>
        ) : (
          <div className="empty-detail">
            <p className="muted">{t('rooms.pick')}</p>
          </div>
        )}
      </section>
      <CreateRoomDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(room) => {
          setCreating(false);
          void refresh();
          navigate(`/rooms/${room.id}`);
        }}
      />
    </div>
  );
}
