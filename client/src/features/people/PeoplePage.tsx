import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import type { UserWithProfile } from '@cohort/shared';
import { listPeople, type PeopleFilters } from '../../api/people';
import { PageHeader } from '../../components/Layout';
import { ErrorNotice, Notice } from '../../components/Notice';
import { PersonAvatar, PersonLink } from '../../components/PersonLink';
import { useMe } from '../../hooks/useSession';
import { useStartConversation } from './useStartConversation';

const FILTER_KEYS = ['q', 'role', 'stage', 'skills', 'languages', 'lookingFor', 'timezoneWithinHours', 'minHoursPerWeek'] as const satisfies ReadonlyArray<keyof PeopleFilters>;

function filtersOf(search: string): PeopleFilters {
  const params = new URLSearchParams(search);
  const filters: PeopleFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** One row of the directory: who, what they do, a few skills, and Message. */
function PersonRow({ person, onMessage, busy, isMe }: { person: UserWithProfile; onMessage(): void; busy: boolean; isMe: boolean }) {
  const { t } = useTranslation();
  const { user, profile } = person;
  const facts = [profile.role, profile.stage, profile.timezone, profile.hoursPerWeek === null ? '' : t('directory.hours', { count: profile.hoursPerWeek })].filter(Boolean);
  return (
    <li className="card person-row" data-testid="person-row">
      <PersonAvatar user={user} size={40} />
      <div className="person-row-main">
        <div>
          <PersonLink user={user} className="person-row-name" /> <span className="muted">@{user.username}</span>
        </div>
        {facts.length > 0 && <div className="muted person-row-facts">{facts.join(' · ')}</div>}
        {profile.skills.length > 0 && (
          <ul className="chip-row">
            {profile.skills.slice(0, 5).map((s) => (
              <li key={s} className="chip">
                {s}
              </li>
            ))}
          </ul>
        )}
      </div>
      {!isMe && (
        <button type="button" className="btn" onClick={onMessage} disabled={busy} data-testid="message-person">
          {busy ? t('common.working') : t('directory.message')}
        </button>
      )}
    </li>
  );
}

/** /people: the member directory with its filters, kept in the address so a filtered list can be shared. */
export function PeoplePage() {
  const { t } = useTranslation();
  const search = useSearch();
  const [, navigate] = useLocation();
  const me = useMe();
  const applied = filtersOf(search);
  const [draft, setDraft] = useState<PeopleFilters>(applied);
  const [people, setPeople] = useState<UserWithProfile[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const { start, busyId, error: startError } = useStartConversation();
  const formId = useId();

  useEffect(() => {
    const ctrl = new AbortController();
    setDraft(filtersOf(search));
    setPeople(null);
    setError(null);
    listPeople(filtersOf(search), null, ctrl.signal).then(
      (page) => {
        setPeople(page.people);
        setCursor(page.nextCursor);
      },
      (err: unknown) => {
        if (!ctrl.signal.aborted) setError(err);
      },
    );
    return () => ctrl.abort();
  }, [search]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = draft[key]?.trim();
      if (value) next.set(key, value);
    }
    const s = next.toString();
    navigate(s ? `/people?${s}` : '/people');
  };

  const more = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await listPeople(applied, cursor);
      setPeople((current) => [...(current ?? []), ...page.people]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  };

  const field = (key: (typeof FILTER_KEYS)[number], label: string, options: { type?: string; placeholder?: string } = {}) => (
    <label className="field directory-field" htmlFor={`${formId}-${key}`}>
      <span>{label}</span>
      <input
        id={`${formId}-${key}`}
        name={key}
        type={options.type ?? 'text'}
        inputMode={options.type === 'number' ? 'numeric' : undefined}
        min={options.type === 'number' ? 0 : undefined}
        placeholder={options.placeholder}
        value={draft[key] ?? ''}
        onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
        data-testid={`filter-${key}`}
      />
    </label>
  );

  const fieldErrors = error && typeof error === 'object' && 'fields' in error ? (error as { fields: Record<string, string> }).fields : {};
  return (
    <div className="page people-page" data-testid="people-page">
      <PageHeader title={t('directory.title')} subtitle={t('directory.subtitle')} />
      <form className="card directory-filters" onSubmit={apply} role="search" aria-label={t('directory.filters')}>
        {field('q', t('directory.q'), { placeholder: t('directory.qPlaceholder') })}
        {field('role', t('profile.role'), { placeholder: t('profile.rolePlaceholder') })}
        {field('stage', t('profile.stage'), { placeholder: t('profile.stagePlaceholder') })}
        {field('skills', t('profile.skills'), { placeholder: t('directory.listPlaceholder') })}
        {field('languages', t('profile.languages'), { placeholder: t('directory.listPlaceholder') })}
        {field('lookingFor', t('profile.lookingFor'), { placeholder: t('directory.listPlaceholder') })}
        {field('timezoneWithinHours', t('directory.timezoneWithin'), { type: 'number' })}
        {field('minHoursPerWeek', t('directory.minHours'), { type: 'number' })}
        <div className="directory-actions">
          <button type="submit" className="btn btn-primary" data-testid="apply-filters">
            {t('directory.apply')}
          </button>
          <button type="button" className="btn" onClick={() => navigate('/people')}>
            {t('directory.clear')}
          </button>
        </div>
      </form>
      {Object.keys(fieldErrors).length > 0 ? (
        <Notice kind="error">
          {Object.entries(fieldErrors)
            .map(([k, v]) => `${k}: ${v}`)
            .join('; ')}
        </Notice>
      ) : (
        <ErrorNotice error={error} />
      )}
      {startError && <Notice kind="error">{startError}</Notice>}
      {people === null && !error && <Notice>{t('common.loading')}</Notice>}
      {people && people.length === 0 && <Notice>{t('directory.empty')}</Notice>}
      {people && people.length > 0 && (
        <ul className="card-list" data-testid="people-list">
          {people.map((person) => (
            <PersonRow key={person.user.id} person={person} isMe={person.user.id === me.id} busy={busyId === person.user.id} onMessage={() => void start(person.user)} />
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" className="btn btn-block" onClick={() => void more()} disabled={loadingMore}>
          {loadingMore ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </div>
  );
}
