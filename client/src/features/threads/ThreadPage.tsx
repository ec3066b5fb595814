import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { SocketEvents, type ReplyView, type ThreadReplyEvent, type ThreadView, type ThreadVoteEvent } from '@cohort/shared';
import { api, isUnavailable } from '../../api/http';
import { rememberPeople } from '../../api/people';
import { itemHref, type SearchResult } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { Markdown } from '../../components/Markdown';
import { ErrorNotice, Notice, errorText } from '../../components/Notice';
import { TimeAgo } from '../../components/TimeAgo';
import { FormActions } from '../../components/FormActions';
import { useMe } from '../../hooks/useSession';
import { emitAck, useSocket } from '../../hooks/useSocket';
import { ThreadForm } from './ThreadsPage';

function upsertReply(list: ReplyView[], reply: ReplyView): ReplyView[] {
  const i = list.findIndex((r) => r.id === reply.id);
  if (i === -1) return [...list, reply].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  const next = list.slice();
  next[i] = reply;
  return next;
}

export function ThreadPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const me = useMe();
  const { socket, resyncGeneration } = useSocket();
  const [thread, setThread] = useState<ThreadView | null>(null);
  const [replies, setReplies] = useState<ReplyView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);

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
    const onUpdated = ({ thread: next }: { thread: ThreadView }) => {
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

  if (error) return <ErrorNotice error={error} />;
  if (!thread) return <Notice>{t('common.loading')}</Notice>;
  if (thread.deletedAt) return <Notice kind="warn">{t('threads.deleted')}</Notice>;

  return (
    <div className="page thread-page">
      <Link href="/threads" className="back-link">
        ← {t('threads.back')}
      </Link>
      <div className="thread-layout">
        <article className="thread-main">
          <div className="thread-head">
            <div className="vote-box" role="group" aria-label={t('threads.vote')}>
              <button type="button" className={`vote ${thread.myVote === 1 ? 'on' : ''}`} aria-pressed={thread.myVote === 1} aria-label={t('threads.upvote')} onClick={() => void vote(1)} data-testid="upvote">
                ▲
              </button>
              <span className="vote-score" data-testid="score">
                {thread.score}
              </span>
              <button type="button" className={`vote ${thread.myVote === -1 ? 'on' : ''}`} aria-pressed={thread.myVote === -1} aria-label={t('threads.downvote')} onClick={() => void vote(-1)}>
                ▼
              </button>
            </div>
            <div className="thread-head-main">
              {editing ? (
                <ThreadForm
                  thread={thread}
                  onDone={(saved) => {
                    setThread((th) => ({ ...saved, myVote: th?.myVote }));
                    setEditing(false);
                  }}
                  onCancel={() => setEditing(false)}
                />
              ) : (
                <>
                  <h1 data-testid="thread-heading">{thread.title}</h1>
                  <div className="meta-row muted">
                    <Avatar id={thread.author.id} name={thread.author.displayName} size={22} />
                    <span>{thread.author.displayName}</span>
                    <span>·</span>
                    <TimeAgo iso={thread.createdAt} />
                    {thread.editedAt && <span>· {t('chat.edited')}</span>}
                    {thread.author.id === me.id && (
                      <button type="button" className="link-button" onClick={() => setEditing(true)}>
                        {t('common.edit')}
                      </button>
                    )}
                  </div>
                  {thread.tags.length > 0 && (
                    <ul className="tag-list" aria-label={t('threads.tags')}>
                      {thread.tags.map((tg) => (
                        <li key={tg}>
                          <Link href={`/threads?tag=${encodeURIComponent(tg)}`} className="tag">
                            #{tg}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                  {thread.body && <Markdown source={thread.body} className="thread-body" />}
                </>
              )}
            </div>
          </div>
          {actionError && (
            <p className="form-error" role="alert">
              {actionError}
            </p>
          )}
          <section className="replies" aria-label={t('threads.repliesTitle')}>
            <h2>{t('threads.replies', { count: thread.replyCount })}</h2>
            <ol className="reply-list" data-testid="replies">
              {replies.map((r) => (
                <ReplyItem key={r.id} threadId={id} reply={r} mine={r.author.id === me.id} onSaved={(saved) => setReplies((list) => upsertReply(list, saved))} />
              ))}
            </ol>
            <ReplyForm threadId={id} onPosted={(reply) => setReplies((list) => upsertReply(list, reply))} />
          </section>
        </article>
        <RelatedThreads threadId={id} />
      </div>
    </div>
  );
}

function ReplyItem({ threadId, reply, mine, onSaved }: { threadId: string; reply: ReplyView; mine: boolean; onSaved(r: ReplyView): void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(reply.body);
  const [error, setError] = useState<string | null>(null);
  const editId = useId();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onSaved(await api<ReplyView>('PATCH', `/api/threads/${threadId}/replies/${reply.id}`, { body: draft }));
      setEditing(false);
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <li className="reply" data-testid="reply">
      <Avatar id={reply.author.id} name={reply.author.displayName} size={30} />
      <div className="reply-main">
        <div className="meta-row">
          <strong>{reply.author.displayName}</strong>
          <span className="muted">
            <TimeAgo iso={reply.createdAt} />
          </span>
          {reply.editedAt && <span className="muted">· {t('chat.edited')}</span>}
          {mine && !reply.deletedAt && !editing && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setDraft(reply.body);
                setEditing(true);
              }}
            >
              {t('common.edit')}
            </button>
          )}
        </div>
        {reply.deletedAt ? (
          <p className="muted">{t('threads.replyDeleted')}</p>
        ) : editing ? (
          <form onSubmit={save}>
            <label htmlFor={editId} className="visually-hidden">
              {t('threads.editReply')}
            </label>
            <textarea id={editId} value={draft} onChange={(e) => setDraft(e.target.value)} rows={4} />
            {error && <p className="form-error">{error}</p>}
            <FormActions small onCancel={() => setEditing(false)} />
          </form>
        ) : (
          <Markdown source={reply.body} />
        )}
      </div>
    </li>
  );
}

function ReplyForm({ threadId, onPosted }: { threadId: string; onPosted(r: ReplyView): void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      onPosted(await api<ReplyView>('POST', `/api/threads/${threadId}/replies`, { body }));
      setBody('');
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="reply-form" onSubmit={submit}>
      <label htmlFor={id}>{t('threads.yourReply')}</label>
      <textarea id={id} value={body} onChange={(e) => setBody(e.target.value)} rows={4} placeholder={t('threads.replyPlaceholder')} data-testid="reply-body" />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <span className="hint">{t('threads.markdownHint')}</span>
        <button type="submit" className="btn btn-primary" disabled={busy || !body.trim()} data-testid="reply-submit">
          {t('threads.reply')}
        </button>
      </div>
    </form>
  );
}

function RelatedThreads({ threadId }: { threadId: string }) {
  const { t } = useTranslation();
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let alive = true;
    api<{ results: SearchResult[] }>('GET', `/api/threads/${threadId}/related?limit=5`).then(
      (d) => alive && setResults(d.results),
      (err) => alive && setError(err),
    );
    return () => {
      alive = false;
    };
  }, [threadId]);
  return (
    <aside className="side-panel" aria-label={t('threads.related')}>
      <h2>{t('threads.related')}</h2>
      {error ? <p className="muted">{isUnavailable(error) ? t('semantic.unavailable') : t('errors.generic')}</p> : null}
      {results === null && !error && <p className="muted">{t('common.loading')}</p>}
      {results && results.length === 0 && <p className="muted">{t('threads.noRelated')}</p>}
      {results && results.length > 0 && (
        <ul className="plain-list">
          {results.map((r) => (
            <li key={`${r.type}:${r.id}`}>
              <Link href={itemHref(r.type, r.id)}>{r.title}</Link>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
