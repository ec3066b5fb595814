import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { RelatedResult } from '@cohort/shared';
import { api, isUnavailable } from '../../api/http';
import { itemHref } from '../../components/discussionHref';

/** Threads, rooms and notebooks about the same thing (from the semantic index). */
export function RelatedThreads({ threadId }: { threadId: string }) {
  const { t } = useTranslation();
  const [results, setResults] = useState<RelatedResult[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let alive = true;
    api<{ results: RelatedResult[] }>('GET', `/api/threads/${threadId}/related?limit=5`).then(
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
