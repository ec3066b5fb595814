import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { USER_SEARCH_MAX_CHARS, type PublicUser } from '@cohort/shared';
import { knownPeople, resolvePerson, searchPeople } from '../api/people';

/** Typing must pause this long before the hub is asked, so a burst of keys costs one request. */
const SEARCH_DELAY_MS = 200;
const SHOWN = 8;

const startsWith = (u: PublicUser, q: string) => u.username.startsWith(q) || u.displayName.toLowerCase().startsWith(q);

/** Picks a person by name or @username (the hub's matches as you type, then people seen in the app) or by user id. */
export function PersonPicker({ onPick, exclude = [], busy = false, submitLabel }: { onPick(user: PublicUser): void | Promise<void>; exclude?: string[]; busy?: boolean; submitLabel: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The hub's answer and the query it answers, so an answer is never shown for a query it was not asked.
  const [found, setFound] = useState<{ query: string; users: PublicUser[] } | null>(null);
  const query = value.trim().replace(/^@/, '').toLowerCase();

  useEffect(() => {
    if (!query || [...query].length > USER_SEARCH_MAX_CHARS) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchPeople(query, { signal: controller.signal }).then(
        (users) => {
          if (!controller.signal.aborted) setFound({ query, users });
        },
        // Aborted, or the hub is unreachable: people already seen are still offered, and a typed id still works.
        () => undefined,
      );
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const nobodyOnHub = found !== null && found.query === query && found.users.length === 0;
  const suggestions = useMemo(() => {
    let fromHub: PublicUser[] = [];
    if (query && found?.query === query) fromHub = found.users;
    // While the answer for what was just typed is on its way, the previous one, narrowed down, stands in.
    else if (query && found && query.startsWith(found.query)) fromHub = found.users.filter((u) => startsWith(u, query));
    const seen = knownPeople().filter((u) => !query || u.username.includes(query) || u.displayName.toLowerCase().includes(query));
    const picks = new Map<string, PublicUser>();
    for (const u of [...fromHub, ...seen]) if (!exclude.includes(u.id) && !picks.has(u.id)) picks.set(u.id, u);
    return [...picks.values()].slice(0, SHOWN);
  }, [query, found, exclude]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const user = await resolvePerson(value);
    if (!user) {
      setError(t('people.notFound'));
      return;
    }
    await onPick(user);
    setValue('');
  };

  return (
    <form onSubmit={submit} className="person-picker">
      <div className="field">
        <label htmlFor={id}>{t('people.label')}</label>
        <div className="input-row">
          <input id={id} value={value} onChange={(e) => setValue(e.target.value)} placeholder={t('people.placeholder')} autoComplete="off" aria-describedby={`${id}-hint`} data-testid="person-input" />
          <button className="btn btn-primary" type="submit" disabled={busy || !value.trim()}>
            {submitLabel}
          </button>
        </div>
        <p className="hint" id={`${id}-hint`}>
          {t('people.hint')}
        </p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {suggestions.length > 0 && (
        <ul className="suggestions" aria-label={t('people.suggestions')}>
          {suggestions.map((u) => (
            <li key={u.id}>
              <button type="button" className="btn btn-ghost btn-small" onClick={() => void onPick(u)} disabled={busy} data-testid="person-suggestion">
                {u.displayName} <span className="muted">@{u.username}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {nobodyOnHub && suggestions.length === 0 && (
        <p className="hint" role="status">
          {t('people.noMatches')}
        </p>
      )}
    </form>
  );
}
