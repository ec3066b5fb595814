import { useCallback, useEffect, useState } from 'react';
import { SocketEvents, type RoomListItem } from '@cohort/shared';
import { api } from '../../api/http';
import { useSocket } from '../../hooks/useSocket';

/** Fetches the caller's rooms and keeps them fresh: on socket news, when the page is seen again and every 8 s while it is. */
export function useRoomList() {
  const { socket } = useSocket();
  const [rooms, setRooms] = useState<RoomListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const refresh = useCallback(async () => {
    try {
      const answer = await api<{ rooms: RoomListItem[] }>('GET', '/api/rooms');
      setRooms(answer.rooms);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void refresh();
    // The hub pushes only mentions and messages of the open room to this socket; other rooms' counts are
    // polled, often while the page is seen, never while it is hidden, and at once when it is seen again.
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, 8000);
    const onSeen = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    window.addEventListener('focus', onSeen);
    document.addEventListener('visibilitychange', onSeen);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onSeen);
      document.removeEventListener('visibilitychange', onSeen);
    };
  }, [refresh]);
  useEffect(() => {
    if (!socket) return;
    const again = () => void refresh();
    socket.on(SocketEvents.mention, again);
    socket.on(SocketEvents.roomAdded, again);
    socket.on(SocketEvents.roomRemoved, again);
    socket.on(SocketEvents.messageNew, again);
    return () => {
      socket.off(SocketEvents.mention, again);
      socket.off(SocketEvents.roomAdded, again);
      socket.off(SocketEvents.roomRemoved, again);
      socket.off(SocketEvents.messageNew, again);
    };
  }, [socket, refresh]);
  return { rooms, error, refresh, setRooms };
}
