import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { DISCUSSION_TYPES, type DiscussionType, type SearchResult } from '@cohort/shared';
import { api, isUnavailable } from '../../api/http';
import { itemHref } from '../../components/discussionHref';
import { PageHeader } from '../../components/Layout';
import { Notice, errorText } from '../../components/Notice';
import { closeResults, highlightParts, plainSnippet } from './searchView';

const TYPES: DiscussionType[] = [...DISCUSSION_TYPES];

export function SearchPage() {
  const { t } = useTranslation();
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const q = params.get('q') ?? '';
  const types = (params.get('types') ?? '').split(',').filter((x): x is DiscussionType => (TYPES as string[]).includes(x));
  const active = types.length ? types : TYPES;
  const [draft, setDraft] = useState(q);
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const inputId = useId();
  const [showWeaker, setShowWeaker] = useState(false);
  const { close, weaker } = closeResults(results ?? []);
  const shown = showWeaker ? [...close, ...weaker] : close;

  useEffect(() => setDraft(q), [q]);
  useEffect(() => {
    if (!q.trim()) {
      setResults(null);
      return;
    }
    let alive = true;
    setError(null);
    setResults(null);
    setShowWeaker(false);
    const qs = new URLSearchParams({ q, types: active.join(','), limit: '20' });
    api<{ results: SearchResult[] }>('GET', `/api/search?${qs}`).then(
      (d) => alive && setResults(d.results),
      (err) => alive && setError(err),
    );
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, active.join(',')]);

  const go = (nextQ: string, nextTypes: DiscussionType[]) => {
    const p = new URLSearchParams();
    if (nextQ.trim()) p.set('q', nextQ.trim());
    if (nextTypes.length && nextTypes.length < TYPES.length) p.set('types', nextTypes.join(','));
    navigate(`/search${p.toString() ? `?${p}` : ''}`);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(draft, active);
  };

  return (
    <div className="page narrow">
      <PageHeader title={t('search.title')} subtitle={t('search.subtitle')} />
      <form role="search" className="search-big" onSubmit={submit}>
        <label htmlFor={inputId} className="visually-hidden">
          {t('search.label')}
        </label>
        <input id={inputId} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={t('search.placeholder')} autoFocus data-testid="search-input" />
        <button type="submit" className="btn btn-primary">
          {t('common.search')}
        </button>
      </form>
      <fieldset className="filter-row">
        <legend className="visually-hidden">{t('search.types')}</legend>
        {TYPES.map((type) => (
          <label key={type} className="toggle-chip">
            <input
              type="checkbox"
              checked={active.includes(type)}
              onChange={(e) => {
                const next = e.target.checked ? [...new Set([...active, type])] : active.filter((x) => x !== type);
                go(draft, next.length ? next : TYPES);
              }}
            />
            <span>{t(`types.${type}`)}</span>
          </label>
        ))}
      </fieldset>
      {error ? <Notice kind="warn">{isUnavailable(error) ? t('semantic.unavailable') : errorText(t, error)}</Notice> : null}
      {q && results === null && !error && <Notice>{t('search.searching')}</Notice>}
      {results && results.length === 0 && <Notice>{t('search.none')}</Notice>}
      {results && results.length > 0 && close.length === 0 && <Notice>{t('search.nothingClose', { q })}</Notice>}
      {!q && <p className="muted">{t('search.hint')}</p>}
      {shown.length > 0 && (
        <ul className="card-list" data-testid="search-results">
          {shown.map((r) => (
            <li key={`${r.type}:${r.id}`} className={`card result-card ${close.includes(r) ? '' : 'weak'}`} data-testid="search-result">
              <span className={`type-badge type-${r.type}`}>{t(`types.${r.type}`)}</span>
              <div>
                <Link href={itemHref(r.type, r.id)} className="result-title">
                  <Highlighted text={r.title} query={q} />
                </Link>
                {r.snippet && (
                  <p className="muted snippet" data-testid="snippet">
                    <Highlighted text={plainSnippet(r.snippet)} query={q} />
                  </p>
                )}
              </div>
              <span className="muted small" aria-label={t('search.relevance')}>
                {Math.max(0, Math.round(r.score * 100))}%
              </span>
            </li>
          ))}
        </ul>
      )}
      {weaker.length > 0 && (
        <button type="button" className="btn btn-ghost btn-small" aria-expanded={showWeaker} onClick={() => setShowWeaker((v) => !v)} data-testid="show-weaker">
          {showWeaker ? t('search.hideWeaker') : t('search.showWeaker', { count: weaker.length })}
        </button>
      )}
    </div>
  );
}

/** Text with the query's words marked. */
function Highlighted({ text, query }: { text: string; query: string }) {
  return (
    <>
      {highlightParts(text, query).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}
