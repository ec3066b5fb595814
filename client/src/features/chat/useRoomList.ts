import { useCallback, useEffect, useState } from 'react';
import { SocketEvents, type RoomListItem } from '@cohort/shared';
import { api } from '../../api/http';
import { useSocket } from '../../hooks/useSocket';

/** Fetches the caller's rooms and keeps them fresh: on socket news, on focus and every 20 s. */
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
    const timer = setInterval(() => void refresh(), 20000);
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
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
