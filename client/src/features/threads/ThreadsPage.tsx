import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { SocketEvents, type ThreadEvent, type ThreadView } from '@cohort/shared';
import { api } from '../../api/http';
import { rememberPeople } from '../../api/people';
import { PersonAvatar, PersonLink } from '../../components/PersonLink';
import { Dialog } from '../../components/Dialog';
import { PageHeader } from '../../components/Layout';
import { ErrorNotice, Notice } from '../../components/Notice';
import { TimeAgo } from '../../components/TimeAgo';
import { useSocket } from '../../hooks/useSocket';
import { ThreadForm } from './ThreadForm';

type Sort = 'new' | 'top' | 'active';

export function ThreadsPage() {
  const { t } = useTranslation();
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const sort = (['new', 'top', 'active'].includes(params.get('sort') ?? '') ? params.get('sort') : 'new') as Sort;
  const tag = params.get('tag') ?? '';
  const q = params.get('q') ?? '';
  const [query, setQuery] = useState(q);
  const [threads, setThreads] = useState<ThreadView[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [composing, setComposing] = useState(false);
  const [freshCount, setFreshCount] = useState(0);
  const { socket } = useSocket();
  const searchId = useId();

  const setParam = (changes: Record<string, string>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const s = next.toString();
    navigate(`/threads${s ? `?${s}` : ''}`);
  };

  const load = useCallback(
    async (after: string | null) => {
      const qs = new URLSearchParams({ sort, limit: '20' });
      if (tag) qs.set('tag', tag);
      if (q) qs.set('q', q);
      if (after) qs.set('cursor', after);
      try {
        const page = await api<{ threads: ThreadView[]; nextCursor: string | null }>('GET', `/api/threads?${qs}`);
        rememberPeople(page.threads.map((th) => th.author));
        setThreads((list) => (after && list ? [...list, ...page.threads.filter((th) => !list.some((x) => x.id === th.id))] : page.threads));
        setCursor(page.nextCursor);
        setError(null);
      } catch (err) {
        setError(err);
      }
    },
    [sort, tag, q],
  );

  useEffect(() => {
    setThreads(null);
    setFreshCount(0);
    void load(null);
  }, [load]);

  useEffect(() => setQuery(q), [q]);

  // New threads appear live on the plain "new" listing, and are counted elsewhere.
  useEffect(() => {
    if (!socket) return;
    const onNew = ({ thread }: ThreadEvent) => {
      if (sort === 'new' && !tag && !q) setThreads((list) => (list && !list.some((x) => x.id === thread.id) ? [thread, ...list] : list));
      else setFreshCount((n) => n + 1);
    };
    socket.on(SocketEvents.threadNew, onNew);
    return () => {
      socket.off(SocketEvents.threadNew, onNew);
    };
  }, [socket, sort, tag, q]);

  return (
    <div className="page">
      <PageHeader title={t('threads.title')} subtitle={t('threads.subtitle')}>
        <button type="button" className="btn btn-primary" onClick={() => setComposing(true)} data-testid="new-thread">
          {t('threads.new')}
        </button>
      </PageHeader>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label={t('threads.sort')}>
          {(['new', 'top', 'active'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={sort === s} className={sort === s ? 'on' : ''} onClick={() => setParam({ sort: s === 'new' ? '' : s })}>
              {t(`threads.sort_${s}`)}
            </button>
          ))}
        </div>
        <form
          className="search-inline"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setParam({ q: query.trim() });
          }}
        >
          <label htmlFor={searchId} className="visually-hidden">
            {t('threads.search')}
          </label>
          <input id={searchId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('threads.searchPlaceholder')} />
          <button type="submit" className="btn btn-ghost">
            {t('common.search')}
          </button>
        </form>
        {tag && (
          <span className="chip chip-active">
            #{tag}
            <button type="button" className="chip-remove" aria-label={t('threads.clearTag')} onClick={() => setParam({ tag: '' })}>
              ×
            </button>
          </span>
        )}
      </div>
      {freshCount > 0 && (
        <button type="button" className="btn btn-ghost btn-small fresh" onClick={() => void load(null).then(() => setFreshCount(0))}>
          {t('threads.newArrived', { count: freshCount })}
        </button>
      )}
      <ErrorNotice error={error} />
      {threads === null && !error && <Notice>{t('common.loading')}</Notice>}
      {threads && threads.length === 0 && <Notice>{q || tag ? t('threads.noResults') : t('threads.empty')}</Notice>}
      {threads && threads.length > 0 && (
        <ul className="card-list">
          {threads.map((th) => (
            <li key={th.id} className="card thread-card">
              <div className="thread-score" aria-label={t('threads.scoreLabel', { count: th.score })}>
                <span aria-hidden="true">▲</span>
                {th.score}
              </div>
              <div className="thread-card-main">
                <Link href={`/threads/${th.id}`} className="thread-link">
                  {th.title}
                </Link>
                <div className="meta-row muted">
                  <PersonAvatar user={th.author} size={20} />
                  <PersonLink user={th.author} />
                  <span>·</span>
                  <TimeAgo iso={th.lastActivityAt} />
                  <span>·</span>
                  <span>{t('threads.replies', { count: th.replyCount })}</span>
                </div>
                {th.tags.length > 0 && (
                  <ul className="tag-list" aria-label={t('threads.tags')}>
                    {th.tags.map((tg) => (
                      <li key={tg}>
                        <button type="button" className="tag" onClick={() => setParam({ tag: tg })}>
                          #{tg}
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" className="btn btn-ghost btn-block" onClick={() => void load(cursor)}>
          {t('common.loadMore')}
        </button>
      )}
      <Dialog title={t('threads.newTitle')} open={composing} onClose={() => setComposing(false)} wide>
        <ThreadForm
          onDone={(thread) => {
            setComposing(false);
            navigate(`/threads/${thread.id}`);
          }}
          onCancel={() => setComposing(false)}
        />
      </Dialog>
    </div>
  );
}
