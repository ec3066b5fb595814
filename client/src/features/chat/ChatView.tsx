import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicUser } from '@cohort/shared';
import { ConnectionLine } from '../../components/ConnectionLine';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice, Notice } from '../../components/Notice';
import { NotFound, isNotFound } from '../../components/NotFound';
import { PersonPicker } from '../../components/PersonPicker';
import { useMe } from '../../hooks/useSession';
import { useSocket } from '../../hooks/useSocket';
import { Composer } from './Composer';
import { roomTitle } from './conversationNames';
import { MemberPanel } from './MemberPanel';
import { MessageRow } from './MessageRow';
import { firstUnreadId } from './messageList';
import { useChatRoom } from './useChatRoom';
import { useChatScroll, useScrollKeeping } from './useChatScroll';
import { useTypists } from './useTyping';

/** One room's chat: header, the message list, who is typing, the composer (or a join bar) and the members. */
export function ChatView({ roomId, unreadAtOpen, onRead, onChanged }: { roomId: string; unreadAtOpen?: number; onRead(roomId: string): void; onChanged(): void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { socket, status } = useSocket();
  const scroll = useChatScroll();
  const chat = useChatRoom(roomId, { onRead, onChanged, viewport: scroll.viewport });
  const { room, role, members, online, entries, hasMore, loaded, loadingOlder, error, sendError, loadOlder, send, react, edit, remove, noteTyping, joinRoom, leaveRoom } = chat;
  const typing = useTypists(socket, roomId, me.id);
  const onScroll = useScrollKeeping(scroll, { entries, typingCount: typing.size, loaded, hasMore, loadingOlder, loadOlder });
  const { scroller, newBelow, jumpToNewest } = scroll;
  const [inviting, setInviting] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);

  // The "new messages" divider: placed once, from the unread count when the room was opened, and kept
  // while the room stays open (reading moves the hub's marker, not the divider).
  const unreadFirst = useRef<number | undefined>(undefined);
  if (unreadFirst.current === undefined && unreadAtOpen !== undefined) unreadFirst.current = unreadAtOpen;
  const [dividerId, setDividerId] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (dividerId !== undefined || !loaded || unreadFirst.current === undefined) return;
    setDividerId(firstUnreadId(entries, unreadFirst.current, me.id));
  }, [dividerId, loaded, entries, me.id, unreadAtOpen]);

  // ArrowUp in the empty composer: edit the newest message of mine that is stored and not deleted.
  const editLast = () => {
    const last = [...entries].reverse().find((m) => m.author.id === me.id && !m.pending && m.deletedAt === null);
    if (!last) return false;
    setEditingId(last.id);
    return true;
  };
  const stopEditing = () => {
    setEditingId(null);
    document.getElementById('composer-input')?.focus();
  };

  const invite = async (user: PublicUser) => {
    if (await chat.invite(user)) setInviting(false);
  };

  const memberByUser = useMemo(() => new Map(members.map((m) => [m.user.id, m])), [members]);
  const typingNames = [...typing.keys()].map((id) => memberByUser.get(id)?.user.displayName ?? t('chat.someone'));
  const canModerate = role === 'owner' || role === 'moderator';

  if (error && !room) return isNotFound(error) ? <NotFound text={t('errors.notFound')} /> : <ErrorNotice error={error} />;

  return (
    <div className="chat">
      <header className="chat-head">
        <div className="chat-title">
          <h2 data-testid="room-title">{room ? roomTitle(room, members, me.id, t) : t('common.loading')}</h2>
          {room && <p className="muted chat-topic">{room.topic}</p>}
        </div>
        <div className="chat-head-actions">
          <ConnectionLine status={status} />
          {role === 'owner' && (
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setInviting(true)} data-testid="invite">
              {t('rooms.invite')}
            </button>
          )}
          {role && role !== 'owner' && (
            <button type="button" className="btn btn-ghost btn-small" onClick={() => void leaveRoom()}>
              {t('rooms.leave')}
            </button>
          )}
        </div>
      </header>
      <div className="chat-body">
        <div className="chat-main">
          <div className="messages" ref={scroller} onScroll={onScroll} role="log" aria-live="polite" aria-label={t('chat.messages')} data-testid="messages">
            {hasMore && (
              <div className="history-loader">
                <button type="button" className="btn btn-ghost btn-small" onClick={() => void loadOlder()} disabled={loadingOlder}>
                  {loadingOlder ? t('common.loading') : t('chat.loadOlder')}
                </button>
              </div>
            )}
            {loaded && entries.length === 0 && <p className="muted empty-chat">{t('chat.empty')}</p>}
            {entries.map((m, i) => (
              <Fragment key={m.pending ? `p:${m.clientId}` : m.id}>
                {dividerId === m.id && !m.pending && (
                  <div className="new-divider" role="separator" data-testid="new-divider">
                    <span>{t('chat.newMessages')}</span>
                  </div>
                )}
                <MessageRow
                  message={m}
                  grouped={i > 0 && entries[i - 1]!.author.id === m.author.id && !entries[i - 1]!.deletedAt && Date.parse(m.createdAt) - Date.parse(entries[i - 1]!.createdAt) < 5 * 60000}
                  mine={m.author.id === me.id}
                  mentionsMe={m.mentions.includes(me.username)}
                  canDelete={m.author.id === me.id || canModerate}
                  canReact={role !== null}
                  editing={!m.pending && editingId === m.id}
                  onEditingChange={(on) => (on ? setEditingId(m.id) : stopEditing())}
                  onReact={(emoji) => void react(m, emoji)}
                  onEdit={(body) => edit(m, body)}
                  onDelete={() => void remove(m)}
                  onRetry={() => void send(m.body, m.clientId)}
                />
              </Fragment>
            ))}
          </div>
          {newBelow && (
            <button
              type="button"
              className="new-below btn btn-primary btn-small"
              onClick={jumpToNewest}
            >
              {t('chat.newBelow')} ↓
            </button>
          )}
          <p className="typing-line" aria-live="polite" data-testid="typing">
            {typingNames.length > 0 ? t('chat.typing', { names: typingNames.join(', '), count: typingNames.length }) : '\u00a0'}
          </p>
          {sendError && (
            <p className="form-error" role="alert">
              {sendError}
            </p>
          )}
          {role !== null ? (
            <Composer members={members} onSend={(body) => void send(body)} onTyping={noteTyping} onEditLast={editLast} disabled={!socket} />
          ) : room ? (
            <div className="join-bar">
              <p className="muted">{t('rooms.notMember')}</p>
              <button type="button" className="btn btn-primary" onClick={() => void joinRoom()}>
                {t('rooms.join')}
              </button>
            </div>
          ) : null}
        </div>
        <MemberPanel members={members} online={online} />
      </div>
      {!loaded && !error && <Notice>{t('common.loading')}</Notice>}
      <Dialog title={t('rooms.inviteTitle')} open={inviting} onClose={() => setInviting(false)}>
        <PersonPicker onPick={invite} exclude={members.map((m) => m.user.id)} submitLabel={t('rooms.inviteSubmit')} />
      </Dialog>
    </div>
  );
}
