import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicUser } from '@cohort/shared';
import { knownPeople, resolvePerson } from '../api/people';

/** Picks a person by @username (from people seen in the app) or by user id. */
export function PersonPicker({ onPick, exclude = [], busy = false, submitLabel }: { onPick(user: PublicUser): void | Promise<void>; exclude?: string[]; busy?: boolean; submitLabel: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const suggestions = useMemo(() => {
    const q = value.trim().replace(/^@/, '').toLowerCase();
    return knownPeople()
      .filter((u) => !exclude.includes(u.id))
      .filter((u) => !q || u.username.includes(q) || u.displayName.toLowerCase().includes(q))
      .slice(0, 6);
  }, [value, exclude]);

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
              <button type="button" className="btn btn-ghost btn-small" onClick={() => void onPick(u)} disabled={busy}>
                {u.displayName} <span className="muted">@{u.username}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
