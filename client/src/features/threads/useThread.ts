import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SocketEvents, type ReplyView, type ThreadEvent, type ThreadReplyEvent, type ThreadView, type ThreadVoteEvent } from '@cohort/shared';
import { api } from '../../api/http';
import { rememberPeople } from '../../api/people';
import { errorText } from '../../components/Notice';
import { emitAck, useSocket } from '../../hooks/useSocket';

export function upsertReply(list: ReplyView[], reply: ReplyView): ReplyView[] {
  const i = list.findIndex((r) => r.id === reply.id);
  if (i === -1) return [...list, reply].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  const next = list.slice();
  next[i] = reply;
  return next;
}

/** One thread and its replies, loaded and kept live over the socket; voting on it. */
export function useThread(id: string) {
  const { t } = useTranslation();
  const { socket, resyncGeneration } = useSocket();
  const [thread, setThread] = useState<ThreadView | null>(null);
  const [replies, setReplies] = useState<ReplyView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    setThread(null);
    setReplies([]);
    api<{ thread: ThreadView; replies: ReplyView[] }>('GET', `/api/threads/${id}`).then(
      (d) => {
        if (!alive) return;
        setThread(d.thread);
        setReplies(d.replies);
        rememberPeople([d.thread.author, ...d.replies.map((r) => r.author)]);
      },
      (err) => alive && setError(err),
    );
    return () => {
      alive = false;
    };
  }, [id]);

  // Live: watch the thread; after a reconnect that lost state, watch again and reload what changed.
  useEffect(() => {
    if (!socket) return;
    const watch = () => void emitAck(socket, SocketEvents.threadWatch, { threadId: id });
    if (socket.connected) watch();
    socket.on('connect', watch);
    const onReply = (e: ThreadReplyEvent) => {
      if (e.threadId !== id) return;
      rememberPeople([e.reply.author]);
      setReplies((list) => upsertReply(list, e.reply));
      setThread((th) => (th ? { ...th, replyCount: e.replyCount, lastActivityAt: e.lastActivityAt } : th));
    };
    const onVote = (e: ThreadVoteEvent) => {
      if (e.threadId === id) setThread((th) => (th ? { ...th, score: e.score } : th));
    };
    const onUpdated = ({ thread: next }: ThreadEvent) => {
      if (next.id === id) setThread((th) => (th ? { ...next, myVote: th.myVote } : next));
    };
    socket.on(SocketEvents.threadReply, onReply);
    socket.on(SocketEvents.threadVote, onVote);
    socket.on(SocketEvents.threadUpdated, onUpdated);
    return () => {
      socket.off('connect', watch);
      socket.off(SocketEvents.threadReply, onReply);
      socket.off(SocketEvents.threadVote, onVote);
      socket.off(SocketEvents.threadUpdated, onUpdated);
      socket.emit(SocketEvents.threadUnwatch, { threadId: id });
    };
  }, [socket, id]);

  useEffect(() => {
    if (resyncGeneration === 0) return;
    api<{ thread: ThreadView; replies: ReplyView[] }>('GET', `/api/threads/${id}`).then(
      (d) => {
        setThread(d.thread);
        setReplies(d.replies);
      },
      () => undefined,
    );
  }, [resyncGeneration, id]);

  const vote = async (value: 1 | -1) => {
    if (!thread) return;
    const next = thread.myVote === value ? 0 : value;
    try {
      const answer = await api<{ score: number; myVote?: 1 | 0 | -1 }>('POST', `/api/threads/${id}/vote`, { value: next });
      setThread((th) => (th ? { ...th, score: answer.score, myVote: answer.myVote ?? next } : th));
    } catch (err) {
      setActionError(errorText(t, err));
    }
  };

  return { thread, setThread, replies, setReplies, error, actionError, vote };
}
