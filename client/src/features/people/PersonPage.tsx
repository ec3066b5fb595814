import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import type { NotebookView, ThreadView, UserWithProfile } from '@cohort/shared';
import { api } from '../../api/http';
import { personByUsername } from '../../api/people';
import { Avatar } from '../../components/Avatar';
import { PageHeader } from '../../components/Layout';
import { NotFound, isNotFound } from '../../components/NotFound';
import { ErrorNotice, Notice } from '../../components/Notice';
import { useMe } from '../../hooks/useSession';
import { useStartConversation } from './useStartConversation';

/** What they wrote and shared in the open: their threads and community notebooks. */
function useTheirWork(userId: string | null) {
  const [threads, setThreads] = useState<ThreadView[] | null>(null);
  const [notebooks, setNotebooks] = useState<NotebookView[] | null>(null);
  useEffect(() => {
    if (!userId) return;
    const ctrl = new AbortController();
    const query = new URLSearchParams({ author: userId, limit: '10' });
    api<{ threads: ThreadView[] }>('GET', `/api/threads?${query}`, undefined, { signal: ctrl.signal })
      .then((r) => setThreads(r.threads))
      .catch(() => setThreads([]));
    api<{ notebooks: NotebookView[] }>('GET', '/api/notebooks', undefined, { signal: ctrl.signal })
      .then((r) => setNotebooks(r.notebooks.filter((n) => n.ownerId === userId && n.visibility === 'community')))
      .catch(() => setNotebooks([]));
    return () => ctrl.abort();
  }, [userId]);
  return { threads, notebooks };
}

/** One list of what they wrote (threads, notebooks), each item linking to it. */
function WorkList({ title, empty, items, href, testId }: { title: string; empty: string; items: Array<{ id: string; title: string }> | null; href(id: string): string; testId: string }) {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h2>{title}</h2>
      {items === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="plain-list" data-testid={testId}>
          {items.map((item) => (
            <li key={item.id}>
              <Link href={href(item.id)}>{item.title}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Chips({ label, items }: { label: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div className="person-field">
      <dt>{label}</dt>
      <dd>
        <ul className="chip-row">
          {items.map((item) => (
            <li key={item} className="chip">
              {item}
            </li>
          ))}
        </ul>
      </dd>
    </div>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  if (!value) return null;
  return (
    <div className="person-field">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** /people/<username>: who they are, what they offer and look for, what they wrote; Message goes to the conversation. */
export function PersonPage() {
  const { t } = useTranslation();
  const { username = '' } = useParams<{ username: string }>();
  const me = useMe();
  const [person, setPerson] = useState<UserWithProfile | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { start, busyId, error: startError } = useStartConversation();
  const { threads, notebooks } = useTheirWork(person?.user.id ?? null);

  useEffect(() => {
    const ctrl = new AbortController();
    setPerson(null);
    setError(null);
    personByUsername(decodeURIComponent(username), ctrl.signal).then(setPerson, (err: unknown) => {
      if (!ctrl.signal.aborted) setError(err);
    });
    return () => ctrl.abort();
  }, [username]);

  if (isNotFound(error)) return <NotFound text={t('directory.noSuchPerson')} />;
  if (error) return <div className="page"><ErrorNotice error={error} /></div>;
  if (!person) return <div className="page"><Notice>{t('common.loading')}</Notice></div>;
  const { user, profile } = person;
  const isMe = user.id === me.id;
  const p = t as (key: string) => string;
  return (
    <div className="page person-page" data-testid="person-page">
      <div className="person-head">
        <Avatar id={user.id} name={user.displayName} size={64} />
        <PageHeader title={user.displayName} subtitle={`@${user.username}`}>
          {isMe ? (
            <Link href="/profile" className="btn">
              {t('directory.editMine')}
            </Link>
          ) : (
            <button type="button" className="btn btn-primary" onClick={() => void start(user)} disabled={busyId === user.id} data-testid="message-person">
              {busyId === user.id ? t('common.working') : t('directory.message')}
            </button>
          )}
        </PageHeader>
      </div>
      {startError && <Notice kind="error">{startError}</Notice>}
      <section className="card person-profile">
        {profile.bio ? <p className="person-bio">{profile.bio}</p> : <p className="muted">{t('directory.noBio')}</p>}
        <dl className="person-fields">
          <Field label={p('profile.role')} value={profile.role} />
          <Field label={p('profile.stage')} value={profile.stage} />
          <Field label={p('profile.timezone')} value={profile.timezone} />
          <Field label={p('profile.hoursPerWeek')} value={profile.hoursPerWeek === null ? '' : String(profile.hoursPerWeek)} />
          <Chips label={p('profile.skills')} items={profile.skills} />
          <Chips label={p('profile.interests')} items={profile.interests} />
          <Chips label={t('directory.offers')} items={profile.offers} />
          <Chips label={t('directory.needs')} items={profile.needs} />
          <Chips label={p('profile.languages')} items={profile.languages} />
          <Chips label={p('profile.lookingFor')} items={profile.lookingFor} />
        </dl>
      </section>
      <div className="person-work">
        <WorkList title={t('directory.theirThreads')} empty={t('directory.noThreads')} items={threads} href={(id) => `/threads/${id}`} testId="person-threads" />
        <WorkList title={t('directory.theirNotebooks')} empty={t('directory.noNotebooks')} items={notebooks} href={(id) => `/notebooks/${id}`} testId="person-notebooks" />
      </div>
    </div>
  );
}
