import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { PersonAvatar, PersonLink } from '../../components/PersonLink';
import { Markdown } from '../../components/Markdown';
import { ErrorNotice, Notice } from '../../components/Notice';
import { NotFound, isNotFound } from '../../components/NotFound';
import { TimeAgo } from '../../components/TimeAgo';
import { useMe } from '../../hooks/useSession';
import { RelatedThreads } from './RelatedThreads';
import { ReplyForm } from './ReplyForm';
import { ReplyItem } from './ReplyItem';
import { ThreadForm } from './ThreadForm';
import { upsertReply, useThread } from './useThread';

/** A thread: its post (editable by its author), votes, replies, and related content beside it. */
export function ThreadPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const me = useMe();
  const { thread, setThread, replies, setReplies, error, actionError, vote } = useThread(id);
  const [editing, setEditing] = useState(false);

  if (error) return isNotFound(error) ? <NotFound text={t('errors.notFound')} /> : <ErrorNotice error={error} />;
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
                    <PersonAvatar user={thread.author} size={22} />
                    <PersonLink user={thread.author} />
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
