import { useCallback, useEffect, useRef, useState } from 'react';
import { SocketEvents, type ChatMessageEvent, type TypingEvent } from '@cohort/shared';
import type { HubSocket } from '../../hooks/useSocket';

/** Our claim ends by itself after this long without a keystroke. */
const TYPING_IDLE_MS = 3000;
/** Someone else's claim is shown this long at most, in case their stop never arrives. */
const TYPING_SHOW_MS = 7000;

/**
 * Our own "typing" claim in a room: told to the hub once when typing starts and once when it stops or
 * pauses. `end` forgets the claim without telling the hub (sending a message ends it there).
 */
export function useTypingClaim(socket: HubSocket | null, roomId: string, enabled: boolean) {
  const state = useRef({ sent: false, timer: 0 as ReturnType<typeof setTimeout> | 0 });

  const note = useCallback(
    (active: boolean) => {
      if (!socket || !enabled) return;
      const s = state.current;
      if (s.timer) clearTimeout(s.timer);
      if (active) {
        if (!s.sent) socket.emit(SocketEvents.typing, { roomId, typing: true }, () => undefined);
        s.sent = true;
        s.timer = setTimeout(() => note(false), TYPING_IDLE_MS);
      } else {
        if (s.sent) socket.emit(SocketEvents.typing, { roomId, typing: false }, () => undefined);
        s.sent = false;
        s.timer = 0;
      }
    },
    [socket, roomId, enabled],
  );

  const end = useCallback(() => {
    const s = state.current;
    if (s.timer) clearTimeout(s.timer);
    s.sent = false;
    s.timer = 0;
  }, []);

  return { note, end };
}

/** Who else is typing in the room: user id -> until when the claim is shown. */
export function useTypists(socket: HubSocket | null, roomId: string, meId: string): Map<string, number> {
  const [typing, setTyping] = useState<Map<string, number>>(new Map());

  useEffect(() => {
    if (!socket) return;
    // A message from someone ends their claim.
    const onMessage = ({ message }: ChatMessageEvent) => {
      if (message.roomId !== roomId) return;
      setTyping((m) => {
        if (!m.has(message.author.id)) return m;
        const next = new Map(m);
        next.delete(message.author.id);
        return next;
      });
    };
    const onTyping = (e: TypingEvent) => {
      if (e.roomId !== roomId || e.userId === meId) return;
      setTyping((m) => {
        const next = new Map(m);
        if (e.typing) next.set(e.userId, Date.now() + TYPING_SHOW_MS);
        else next.delete(e.userId);
        return next;
      });
    };
    socket.on(SocketEvents.messageNew, onMessage);
    socket.on(SocketEvents.typing, onTyping);
    return () => {
      socket.off(SocketEvents.messageNew, onMessage);
      socket.off(SocketEvents.typing, onTyping);
    };
  }, [socket, roomId, meId]);

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

  return typing;
}
