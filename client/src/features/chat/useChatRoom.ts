import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SocketEvents, type Ack, type ChatMessage, type MessageUpdatedEvent, type PresenceEvent, type PublicUser, type RoomMemberView, type RoomResyncAck, type RoomRole, type RoomView } from '@cohort/shared';
import { api, randomId } from '../../api/http';
import { rememberPeople } from '../../api/people';
import { errorText } from '../../components/Notice';
import { useMe } from '../../hooks/useSession';
import { emitAck, useSocket } from '../../hooks/useSocket';
import { addPending, firstStoredId, lastStoredId, markPending, mergeMessages, type ChatEntry } from './messageList';
import type { ChatViewport } from './useChatScroll';
import { useTypingClaim } from './useTyping';

const PAGE = 50;

interface MessagePage {
  messages: ChatMessage[];
  hasMore: boolean;
}

interface Options {
  /** The newest message was marked read on the hub. */
  onRead(roomId: string): void;
  /** Something the room list shows changed (membership, a message sent). */
  onChanged(): void;
  viewport: ChatViewport;
}

/**
 * One chat room as the client sees it: the room, its members and who is online, the messages (the first page
 * over HTTP, live ones over the socket, older ones on demand), and what the caller can do there. After a
 * reconnect that lost the server's state it fetches what was missed and resends what was not acknowledged.
 */
export function useChatRoom(roomId: string, { onRead, onChanged, viewport }: Options) {
  const { t } = useTranslation();
  const me = useMe();
  const { socket, resyncGeneration } = useSocket();
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
  const typingClaim = useTypingClaim(socket, roomId, role !== null);

  const joinAnswered = useRef(false);
  const entriesRef = useRef(entries);
  entriesRef.current = entries;

  // ---------------------------------------------------------------- loading
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const [detail, page] = await Promise.all([
          api<{ room: RoomView; members: RoomMemberView[]; role: RoomRole | null }>('GET', `/api/rooms/${roomId}`),
          api<MessagePage>('GET', `/api/rooms/${roomId}/messages?limit=${PAGE}`),
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
      const ack = await emitAck(socket, SocketEvents.roomJoin, { roomId });
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
        const ack = await emitAck(socket, SocketEvents.roomJoin, { roomId });
        if (alive && ack.ok) setOnline(new Set(ack.online));
        const page = await api<MessagePage>('GET', `/api/rooms/${roomId}/messages?limit=${PAGE}`);
        if (alive) setEntries((list) => mergeMessages(list, page.messages));
        return;
      }
      for (let round = 0; round < 50 && alive; round++) {
        const ack: Ack<RoomResyncAck> = await emitAck(socket, SocketEvents.roomResync, { roomId, afterId });
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
      if (!viewport.following() && message.author.id !== me.id) viewport.showNewBelow();
    };
    const onUpdated = ({ message, reaction }: MessageUpdatedEvent) => {
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
    const onPresence = (e: PresenceEvent) => {
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
    socket.on(SocketEvents.presence, onPresence);
    return () => {
      socket.off(SocketEvents.messageNew, onMessage);
      socket.off(SocketEvents.messageUpdated, onUpdated);
      socket.off(SocketEvents.messageDeleted, onUpdated);
      socket.off(SocketEvents.presence, onPresence);
    };
  }, [socket, roomId, me.id, viewport]);

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

  // ---------------------------------------------------------------- history
  const loadOlder = useCallback(async () => {
    const before = firstStoredId(entriesRef.current);
    if (!before || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await api<MessagePage>('GET', `/api/rooms/${roomId}/messages?before=${encodeURIComponent(before)}&limit=${PAGE}`);
      viewport.keepPlace();
      setEntries((list) => mergeMessages(list, page.messages));
      setHasMore(page.hasMore);
    } catch (err) {
      setError(err);
    } finally {
      setLoadingOlder(false);
    }
  }, [roomId, loadingOlder, viewport]);

  // ---------------------------------------------------------------- messages
  const send = useCallback(
    async (body: string, clientId: string = randomId()) => {
      if (!socket) return;
      setSendError(null);
      viewport.follow();
      // Sending ends the typing claim on the hub; the next keystroke starts a new one.
      typingClaim.end();
      setEntries((list) => (list.some((e) => e.pending && e.clientId === clientId) ? markPending(list, clientId, 'sending') : addPending(list, { roomId, clientId, body, author: me })));
      const ack = await emitAck(socket, SocketEvents.messageSend, { roomId, body, clientId });
      if (ack.ok) {
        setEntries((list) => mergeMessages(list, [ack.message]));
        onChanged();
      } else {
        setEntries((list) => markPending(list, clientId, 'failed'));
        setSendError(errorText(t, ack.error));
      }
    },
    [socket, roomId, me, t, onChanged, viewport, typingClaim.end],
  );

  const react = async (message: ChatEntry, emoji: string) => {
    if (!socket || message.pending) return;
    const ack = await emitAck(socket, SocketEvents.messageReact, { messageId: message.id, emoji });
    if (ack.ok) setEntries((list) => mergeMessages(list, [ack.message]));
    else setSendError(errorText(t, ack.error));
  };

  const edit = async (message: ChatEntry, body: string) => {
    if (!socket) return false;
    const ack = await emitAck(socket, SocketEvents.messageEdit, { messageId: message.id, body });
    if (ack.ok) setEntries((list) => mergeMessages(list, [{ ...ack.message, myReactions: message.myReactions }]));
    else setSendError(errorText(t, ack.error));
    return ack.ok;
  };

  const remove = async (message: ChatEntry) => {
    if (!socket || !window.confirm(t('chat.confirmDelete'))) return;
    const ack = await emitAck(socket, SocketEvents.messageDelete, { messageId: message.id });
    if (ack.ok) setEntries((list) => mergeMessages(list, [ack.message]));
    else setSendError(errorText(t, ack.error));
  };

  // ---------------------------------------------------------------- membership
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

  /** Adds someone to the room; false (and the reason shown) when the hub refused. */
  const invite = async (user: PublicUser): Promise<boolean> => {
    try {
      await api('POST', `/api/rooms/${roomId}/members`, { userId: user.id });
      const d = await api<{ members: RoomMemberView[] }>('GET', `/api/rooms/${roomId}`);
      setMembers(d.members);
      return true;
    } catch (err) {
      setSendError(errorText(t, err));
      return false;
    }
  };

  return {
    room,
    role,
    members,
    online,
    entries,
    hasMore,
    loaded,
    loadingOlder,
    error,
    sendError,
    loadOlder,
    send,
    react,
    edit,
    remove,
    noteTyping: typingClaim.note,
    joinRoom,
    leaveRoom,
    invite,
  };
}
