import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SocketEvents, type Ack, type ChatMessage, type PublicUser, type RoomMemberView, type RoomRole, type RoomView } from '@cohort/shared';
import { api, randomId } from '../../api/http';
import { rememberPeople } from '../../api/people';
import { Avatar } from '../../components/Avatar';
import { ConnectionLine } from '../../components/ConnectionLine';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice, Notice, errorText } from '../../components/Notice';
import { PersonPicker } from '../../components/PersonPicker';
import { TimeAgo } from '../../components/TimeAgo';
import { FormActions } from '../../components/FormActions';
import { useMe } from '../../hooks/useSession';
import { emitAck, useSocket } from '../../hooks/useSocket';
import { addPending, firstStoredId, lastStoredId, markPending, mentionQueryAt, mergeMessages, splitMentions, type ChatEntry } from './messageList';

const QUICK_REACTIONS = ['👍', '❤️', '😄', '🎉', '🚀', '👀'];
const PAGE = 50;
const TYPING_IDLE_MS = 3000;
const TYPING_SHOW_MS = 7000;

interface JoinAck {
  room: RoomView;
  role: RoomRole | null;
  members: RoomMemberView[];
  online: string[];
}

export function ChatView({ roomId, onRead, onChanged }: { roomId: string; onRead(roomId: string): void; onChanged(): void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { socket, status, resyncGeneration } = useSocket();
  const [room, setRoom] = useState<RoomView | null>(null);
  const [role, setRole] = useState<RoomRole | null>(null);
  const [members, setMembers] = useState<RoomMemberView[]>([]);
  const [online, setOnline] = useState<Set<string>>(new Set());
  const [entries, setEntries] = useState<ChatEntry[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [typing, setTyping] = useState<Map<string, number>>(new Map());
  const [inviting, setInviting] = useState(false);
  const [newBelow, setNewBelow] = useState(false);

  const joinAnswered = useRef(false);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const entriesRef = useRef(entries);
  entriesRef.current = entries;

  // ---------------------------------------------------------------- loading
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const [detail, page] = await Promise.all([
          api<{ room: RoomView; members: RoomMemberView[]; role: RoomRole | null }>('GET', `/api/rooms/${roomId}`),
          api<{ messages: ChatMessage[]; hasMore: boolean }>('GET', `/api/rooms/${roomId}/messages?limit=${PAGE}`),
        ]);
        if (cancelled) return;
        setRoom(detail.room);
        // room:join may have answered first (and made the caller a member): its answer is the newer one.
        if (!joinAnswered.current) {
          setRole(detail.role);
          setMembers(detail.members);
        }
        rememberPeople(detail.members.map((m) => m.user));
        setEntries((list) => mergeMessages(list, page.messages));
        setHasMore(page.hasMore);
        setLoaded(true);
      } catch (err) {
        if (!cancelled) setError(err);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [roomId]);

  // Enter the live room; leave it when the view goes.
  useEffect(() => {
    if (!socket) return;
    let alive = true;
    const join = async () => {
      const ack = await emitAck<JoinAck>(socket, SocketEvents.roomJoin, { roomId });
      if (!alive) return;
      if (!ack.ok) {
        setError(ack.error);
        return;
      }
      joinAnswered.current = true;
      setRoom(ack.room);
      setRole(ack.role);
      setMembers(ack.members);
      rememberPeople(ack.members.map((m) => m.user));
      setOnline(new Set(ack.online));
      onChanged();
    };
    if (socket.connected) void join();
    else socket.once('connect', () => void join());
    return () => {
      alive = false;
      socket.emit(SocketEvents.roomLeave, { roomId });
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [socket, roomId]);

  // After a reconnect that lost the server's state: fetch what was missed and re-enter, with no gap or duplicate.
  const firstGeneration = useRef(resyncGeneration);
  useEffect(() => {
    if (!socket || resyncGeneration === firstGeneration.current) return;
    let alive = true;
    (async () => {
      let afterId = lastStoredId(entriesRef.current);
      if (!afterId) {
        const ack = await emitAck<JoinAck>(socket, SocketEvents.roomJoin, { roomId });
        if (alive && ack.ok) setOnline(new Set(ack.online));
        const page = await api<{ messages: ChatMessage[]; hasMore: boolean }>('GET', `/api/rooms/${roomId}/messages?limit=${PAGE}`);
        if (alive) setEntries((list) => mergeMessages(list, page.messages));
        return;
      }
      for (let round = 0; round < 50 && alive; round++) {
        const ack: Ack<{ messages: ChatMessage[]; hasMore: boolean; joined: boolean }> = await emitAck(socket, SocketEvents.roomResync, { roomId, afterId });
        if (!ack.ok) break;
        setEntries((list) => mergeMessages(list, ack.messages));
        if (!ack.hasMore || ack.messages.length === 0) break;
        afterId = ack.messages[ack.messages.length - 1]!.id;
      }
      // Messages still waiting for an ack are sent again; the clientId makes that safe.
      for (const e of entriesRef.current) if (e.pending) void send(e.body, e.clientId);
    })();
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resyncGeneration, socket, roomId]);

  // ---------------------------------------------------------------- live events
  useEffect(() => {
    if (!socket) return;
    const onMessage = ({ message }: { message: ChatMessage }) => {
      if (message.roomId !== roomId) return;
      rememberPeople([message.author]);
      setEntries((list) => mergeMessages(list, [message]));
      setTyping((m) => {
        if (!m.has(message.author.id)) return m;
        const next = new Map(m);
        next.delete(message.author.id);
        return next;
      });
      if (!stick.current && message.author.id !== me.id) setNewBelow(true);
    };
    const onUpdated = ({ message, reaction }: { message: ChatMessage; reaction?: { userId: string; emoji: string; active: boolean } }) => {
      if (message.roomId !== roomId) return;
      setEntries((list) => {
        const prev = list.find((e) => e.id === message.id);
        let mine = prev?.myReactions;
        if (reaction && reaction.userId === me.id) {
          const set = new Set(mine ?? []);
          if (reaction.active) set.add(reaction.emoji);
          else set.delete(reaction.emoji);
          mine = [...set];
        }
        return mergeMessages(list, [{ ...message, myReactions: mine }]);
      });
    };
    const onTyping = (e: { roomId: string; userId: string; typing: boolean }) => {
      if (e.roomId !== roomId || e.userId === me.id) return;
      setTyping((m) => {
        const next = new Map(m);
        if (e.typing) next.set(e.userId, Date.now() + TYPING_SHOW_MS);
        else next.delete(e.userId);
        return next;
      });
    };
    const onPresence = (e: { roomId: string; online: string[] }) => {
      if (e.roomId !== roomId) return;
      setOnline(new Set(e.online));
      // Someone new may have joined: refresh the member list when an unknown id shows up.
      setMembers((ms) => {
        if (e.online.some((id) => !ms.some((m) => m.user.id === id))) {
          void api<{ members: RoomMemberView[] }>('GET', `/api/rooms/${roomId}`).then((d) => {
            setMembers(d.members);
            rememberPeople(d.members.map((m) => m.user));
          });
        }
        return ms;
      });
    };
    socket.on(SocketEvents.messageNew, onMessage);
    socket.on(SocketEvents.messageUpdated, onUpdated);
    socket.on(SocketEvents.messageDeleted, onUpdated);
    socket.on(SocketEvents.typing, onTyping);
    socket.on(SocketEvents.presence, onPresence);
    return () => {
      socket.off(SocketEvents.messageNew, onMessage);
      socket.off(SocketEvents.messageUpdated, onUpdated);
      socket.off(SocketEvents.messageDeleted, onUpdated);
      socket.off(SocketEvents.typing, onTyping);
      socket.off(SocketEvents.presence, onPresence);
    };
  }, [socket, roomId, me.id]);

  // Typing claims expire on their own if the stop never arrives.
  useEffect(() => {
    if (typing.size === 0) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setTyping((m) => {
        const next = new Map([...m].filter(([, until]) => until > now));
        return next.size === m.size ? m : next;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [typing.size]);

  // ---------------------------------------------------------------- read marker
  const lastId = lastStoredId(entries);
  useEffect(() => {
    if (!socket || !lastId || role === null) return;
    const timer = setTimeout(() => {
      if (document.visibilityState !== 'visible') return;
      socket.emit(SocketEvents.roomRead, { roomId, messageId: lastId }, () => undefined);
      onRead(roomId);
    }, 400);
    return () => clearTimeout(timer);
  }, [socket, lastId, roomId, role, onRead]);

  // ---------------------------------------------------------------- scrolling
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (anchor.current) {
      // History was put above: keep what the user was looking at exactly where it was.
      el.scrollTop = el.scrollHeight - anchor.current.height + anchor.current.top;
      anchor.current = null;
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [entries, typing.size]);

  const loadOlder = useCallback(async () => {
    const before = firstStoredId(entriesRef.current);
    if (!before || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await api<{ messages: ChatMessage[]; hasMore: boolean }>('GET', `/api/rooms/${roomId}/messages?before=${encodeURIComponent(before)}&limit=${PAGE}`);
      const el = scroller.current;
      if (el) anchor.current = { height: el.scrollHeight, top: el.scrollTop };
      setEntries((list) => mergeMessages(list, page.messages));
      setHasMore(page.hasMore);
    } catch (err) {
      setError(err);
    } finally {
      setLoadingOlder(false);
    }
  }, [roomId, loadingOlder]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    if (stick.current) setNewBelow(false);
    if (el.scrollTop < 120 && hasMore && !loadingOlder) void loadOlder();
  };

  // A first page shorter than the view cannot be scrolled up: load more until it can.
  useEffect(() => {
    const el = scroller.current;
    if (loaded && el && hasMore && !loadingOlder && el.scrollHeight <= el.clientHeight + 20) void loadOlder();
  }, [loaded, hasMore, loadingOlder, entries.length, loadOlder]);

  // ---------------------------------------------------------------- sending
  const typingState = useRef({ sent: false, timer: 0 as ReturnType<typeof setTimeout> | 0 });
  const send = useCallback(
    async (body: string, clientId: string = randomId()) => {
      if (!socket) return;
      setSendError(null);
      stick.current = true;
      // Sending ends the typing claim on the hub; the next keystroke starts a new one.
      const ts = typingState.current;
      if (ts.timer) clearTimeout(ts.timer);
      ts.sent = false;
      ts.timer = 0;
      setEntries((list) => (list.some((e) => e.pending && e.clientId === clientId) ? markPending(list, clientId, 'sending') : addPending(list, { roomId, clientId, body, author: me })));
      const ack = await emitAck<{ message: ChatMessage }>(socket, SocketEvents.messageSend, { roomId, body, clientId });
      if (ack.ok) {
        setEntries((list) => mergeMessages(list, [ack.message]));
        onChanged();
      } else {
        setEntries((list) => markPending(list, clientId, 'failed'));
        setSendError(errorText(t, ack.error));
      }
    },
    [socket, roomId, me, t, onChanged],
  );

  const noteTyping = useCallback(
    (active: boolean) => {
      if (!socket || role === null) return;
      const s = typingState.current;
      if (s.timer) clearTimeout(s.timer);
      if (active) {
        if (!s.sent) socket.emit(SocketEvents.typing, { roomId, typing: true }, () => undefined);
        s.sent = true;
        s.timer = setTimeout(() => noteTyping(false), TYPING_IDLE_MS);
      } else {
        if (s.sent) socket.emit(SocketEvents.typing, { roomId, typing: false }, () => undefined);
        s.sent = false;
        s.timer = 0;
      }
    },
    [socket, roomId, role],
  );

  const react = async (message: ChatEntry, emoji: string) => {
    if (!socket || message.pending) return;
    const ack = await emitAck<{ message: ChatMessage; active: boolean }>(socket, SocketEvents.messageReact, { messageId: message.id, emoji });
    if (ack.ok) setEntries((list) => mergeMessages(list, [ack.message]));
    else setSendError(errorText(t, ack.error));
  };

  const edit = async (message: ChatEntry, body: string) => {
    if (!socket) return false;
    const ack = await emitAck<{ message: ChatMessage }>(socket, SocketEvents.messageEdit, { messageId: message.id, body });
    if (ack.ok) setEntries((list) => mergeMessages(list, [{ ...ack.message, myReactions: message.myReactions }]));
    else setSendError(errorText(t, ack.error));
    return ack.ok;
  };

  const remove = async (message: ChatEntry) => {
    if (!socket || !window.confirm(t('chat.confirmDelete'))) return;
    const ack = await emitAck<{ message: ChatMessage }>(socket, SocketEvents.messageDelete, { messageId: message.id });
    if (ack.ok) setEntries((list) => mergeMessages(list, [ack.message]));
    else setSendError(errorText(t, ack.error));
  };

  const joinRoom = async () => {
    try {
      await api('POST', `/api/rooms/${roomId}/join`);
      setRole('member');
      onChanged();
    } catch (err) {
      setError(err);
    }
  };

  const leaveRoom = async () => {
    if (!window.confirm(t('rooms.confirmLeave'))) return;
    try {
      await api('DELETE', `/api/rooms/${roomId}/members/${me.id}`);
      setRole(null);
      onChanged();
    } catch (err) {
      setError(err);
    }
  };

  const invite = async (user: PublicUser) => {
    try {
      await api('POST', `/api/rooms/${roomId}/members`, { userId: user.id });
      const d = await api<{ members: RoomMemberView[] }>('GET', `/api/rooms/${roomId}`);
      setMembers(d.members);
      setInviting(false);
    } catch (err) {
      setSendError(errorText(t, err));
    }
  };

  const memberByUser = useMemo(() => new Map(members.map((m) => [m.user.id, m])), [members]);
  const typingNames = [...typing.keys()].map((id) => memberByUser.get(id)?.user.displayName ?? t('chat.someone'));
  const canModerate = role === 'owner' || role === 'moderator';
  const sortedMembers = useMemo(() => [...members].sort((a, b) => Number(online.has(b.user.id)) - Number(online.has(a.user.id))), [members, online]);

  if (error && !room) return <ErrorNotice error={error} />;

  return (
    <div className="chat">
      <header className="chat-head">
        <div className="chat-title">
          <h2 data-testid="room-title">{room?.name ?? t('common.loading')}</h2>
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
              <MessageRow
                key={m.pending ? `p:${m.clientId}` : m.id}
                message={m}
                grouped={i > 0 && entries[i - 1]!.author.id === m.author.id && !entries[i - 1]!.deletedAt && Date.parse(m.createdAt) - Date.parse(entries[i - 1]!.createdAt) < 5 * 60000}
                mine={m.author.id === me.id}
                mentionsMe={m.mentions.includes(me.username)}
                canDelete={m.author.id === me.id || canModerate}
                canReact={role !== null}
                onReact={(emoji) => void react(m, emoji)}
                onEdit={(body) => edit(m, body)}
                onDelete={() => void remove(m)}
                onRetry={() => void send(m.body, m.clientId)}
              />
            ))}
          </div>
          {newBelow && (
            <button
              type="button"
              className="new-below btn btn-primary btn-small"
              onClick={() => {
                const el = scroller.current;
                if (el) el.scrollTop = el.scrollHeight;
                stick.current = true;
                setNewBelow(false);
              }}
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
            <Composer members={members} onSend={(body) => void send(body)} onTyping={noteTyping} disabled={!socket} />
          ) : room ? (
            <div className="join-bar">
              <p className="muted">{t('rooms.notMember')}</p>
              <button type="button" className="btn btn-primary" onClick={() => void joinRoom()}>
                {t('rooms.join')}
              </button>
            </div>
          ) : null}
        </div>
        <details className="members-panel" open>
          <summary>
            {t('chat.members')} · <span data-testid="online-count">{t('chat.onlineCount', { count: online.size })}</span>
          </summary>
          <ul>
            {sortedMembers.map((m) => (
              <li key={m.user.id} className={online.has(m.user.id) ? 'online' : ''}>
                <Avatar id={m.user.id} name={m.user.displayName} size={26} />
                <span className="member-name">{m.user.displayName}</span>
                <span className={`presence-dot ${online.has(m.user.id) ? 'on' : ''}`} role="img" aria-label={online.has(m.user.id) ? t('chat.online') : t('chat.away')} />
                {m.role !== 'member' && <span className="role-tag">{t(`roles.${m.role}`)}</span>}
              </li>
            ))}
          </ul>
        </details>
      </div>
      {!loaded && !error && <Notice>{t('common.loading')}</Notice>}
      <Dialog title={t('rooms.inviteTitle')} open={inviting} onClose={() => setInviting(false)}>
        <PersonPicker onPick={invite} exclude={members.map((m) => m.user.id)} submitLabel={t('rooms.inviteSubmit')} />
      </Dialog>
    </div>
  );
}

interface RowProps {
  message: ChatEntry;
  grouped: boolean;
  mine: boolean;
  mentionsMe: boolean;
  canDelete: boolean;
  canReact: boolean;
  onReact(emoji: string): void;
  onEdit(body: string): Promise<boolean>;
  onDelete(): void;
  onRetry(): void;
}

function MessageRow({ message: m, grouped, mine, mentionsMe, canDelete, canReact, onReact, onEdit, onDelete, onRetry }: RowProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(m.body);
  const [picking, setPicking] = useState(false);
  const deleted = m.deletedAt !== null;
  const reactions = Object.entries(m.reactions).filter(([, n]) => n > 0);

  return (
    <article
      className={`msg ${grouped ? 'msg-grouped' : ''} ${mine ? 'msg-mine' : ''} ${mentionsMe ? 'msg-mention' : ''} ${m.pending ? `msg-${m.pending}` : ''}`}
      data-testid="message"
      data-state={m.pending ?? 'stored'}
      aria-label={t('chat.messageFrom', { name: m.author.displayName })}
    >
      {!grouped ? <Avatar id={m.author.id} name={m.author.displayName} size={34} /> : <span className="avatar-spacer" />}
      <div className="msg-content">
        {!grouped && (
          <div className="msg-meta">
            <strong>{m.author.displayName}</strong>
            <span className="muted">@{m.author.username}</span>
            <span className="muted">
              <TimeAgo iso={m.createdAt} />
            </span>
          </div>
        )}
        {deleted ? (
          <p className="msg-body msg-deleted muted">{t('chat.deleted')}</p>
        ) : editing ? (
          <form
            className="msg-edit"
            onSubmit={async (e) => {
              e.preventDefault();
              if (draft.trim() && (await onEdit(draft))) setEditing(false);
            }}
          >
            <label className="visually-hidden" htmlFor={`edit-${m.id}`}>
              {t('chat.editLabel')}
            </label>
            <textarea id={`edit-${m.id}`} value={draft} onChange={(e) => setDraft(e.target.value)} rows={2} autoFocus />
            <FormActions small onCancel={() => setEditing(false)} />
          </form>
        ) : (
          <p className="msg-body" data-testid="message-body">
            {splitMentions(m.body, m.mentions).map((p, i) =>
              p.mention ? (
                <span key={i} className="mention">
                  {p.text}
                </span>
              ) : (
                <span key={i}>{p.text}</span>
              ),
            )}
            {m.editedAt && <span className="muted edited"> ({t('chat.edited')})</span>}
          </p>
        )}
        {m.pending === 'sending' && <span className="msg-status muted">{t('chat.sending')}</span>}
        {m.pending === 'failed' && (
          <span className="msg-status failed">
            {t('chat.failed')}{' '}
            <button type="button" className="link-button" onClick={onRetry}>
              {t('chat.retry')}
            </button>
          </span>
        )}
        {reactions.length > 0 && (
          <div className="reactions">
            {reactions.map(([emoji, n]) => (
              <button
                key={emoji}
                type="button"
                className={`reaction ${m.myReactions?.includes(emoji) ? 'mine' : ''}`}
                aria-pressed={m.myReactions?.includes(emoji) ?? false}
                aria-label={t('chat.reactionCount', { emoji, count: n })}
                onClick={() => canReact && onReact(emoji)}
                disabled={!canReact}
              >
                {emoji} {n}
              </button>
            ))}
          </div>
        )}
      </div>
      {!deleted && !m.pending && !editing && (
        <div className="msg-actions">
          {canReact && (
            <button type="button" className="btn btn-ghost btn-icon" aria-label={t('chat.react')} aria-expanded={picking} onClick={() => setPicking((p) => !p)}>
              ☺
            </button>
          )}
          {mine && (
            <button
              type="button"
              className="btn btn-ghost btn-icon"
              aria-label={t('common.edit')}
              onClick={() => {
                setDraft(m.body);
                setEditing(true);
              }}
            >
              ✎
            </button>
          )}
          {canDelete && (
            <button type="button" className="btn btn-ghost btn-icon" aria-label={t('common.delete')} onClick={onDelete}>
              ✕
            </button>
          )}
          {picking && (
            <div className="emoji-picker" role="group" aria-label={t('chat.react')}>
              {QUICK_REACTIONS.map((e) => (
                <button
                  key={e}
                  type="button"
                  className="btn btn-ghost btn-icon"
                  onClick={() => {
                    onReact(e);
                    setPicking(false);
                  }}
                >
                  {e}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
    </article>
  );
}

function Composer({ members, onSend, onTyping, disabled }: { members: RoomMemberView[]; onSend(body: string): void; onTyping(active: boolean): void; disabled: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);

  const query = mentionQueryAt(text, caret);
  const options = useMemo(() => {
    if (!query || dismissed === query.start) return [];
    return members
      .map((m) => m.user)
      .filter((u) => u.username.startsWith(query.query) || u.displayName.toLowerCase().startsWith(query.query))
      .slice(0, 6);
  }, [query?.query, query?.start, members, dismissed]); // eslint-disable-line react-hooks/exhaustive-deps
  const open = options.length > 0;

  const choose = (user: PublicUser) => {
    if (!query) return;
    const before = text.slice(0, query.start);
    const after = text.slice(caret);
    const next = `${before}@${user.username} ${after}`;
    setText(next);
    const pos = before.length + user.username.length + 2;
    setCaret(pos);
    requestAnimationFrame(() => {
      area.current?.setSelectionRange(pos, pos);
      area.current?.focus();
    });
  };

  const submit = () => {
    const body = text.trim();
    if (!body) return;
    onSend(body);
    setText('');
    setCaret(0);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setActive((a) => (a + 1) % options.length);
        return;
      }
      if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => (a - 1 + options.length) % options.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        choose(options[Math.min(active, options.length - 1)]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(query?.start ?? null);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor="composer-input" className="visually-hidden">
        {t('chat.inputLabel')}
      </label>
      <div className="composer-box">
        {open && (
          <ul className="mention-list" role="listbox" id="mention-list" aria-label={t('chat.mentionSuggestions')}>
            {options.map((u, i) => (
              <li
                key={u.id}
                id={`mention-${u.id}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : ''}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(u);
                }}
              >
                <Avatar id={u.id} name={u.displayName} size={22} /> {u.displayName} <span className="muted">@{u.username}</span>
              </li>
            ))}
          </ul>
        )}
        <textarea
          id="composer-input"
          ref={area}
          data-testid="composer"
          rows={1}
          value={text}
          placeholder={t('chat.placeholder')}
          role="combobox"
          aria-expanded={open}
          aria-controls="mention-list"
          aria-autocomplete="list"
          aria-activedescendant={open ? `mention-${options[Math.min(active, options.length - 1)]!.id}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
            onTyping(e.target.value.length > 0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          maxLength={4000}
        />
      </div>
      <button type="submit" className="btn btn-primary" disabled={disabled || !text.trim()} data-testid="send">
        {t('chat.send')}
      </button>
    </form>
  );
}
