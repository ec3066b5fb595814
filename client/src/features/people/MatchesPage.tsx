import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { RoomView } from '@cohort/shared';
import { api, isUnavailable } from '../../api/http';
import { rememberPeople } from '../../api/people';
import type { Match } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { PageHeader } from '../../components/Layout';
import { Notice, errorText } from '../../components/Notice';
import { useMe } from '../../hooks/useSession';

/** Loads partner suggestions; `unavailable` when the semantic side answers 503. */
export function useMatches(limit: number) {
  const [matches, setMatches] = useState<Match[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let alive = true;
    api<{ matches: Match[] }>('GET', `/api/matches?limit=${limit}`).then(
      (d) => {
        if (!alive) return;
        rememberPeople(d.matches.map((m) => m.user));
        setMatches(d.matches);
      },
      (err) => alive && setError(err),
    );
    return () => {
      alive = false;
    };
  }, [limit]);
  return { matches, error };
}

/** Opens a private room with the other person (creating it with both as members) and goes there. */
export function useStartConversation() {
  const me = useMe();
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = async (m: Match) => {
    setBusyId(m.user.id);
    setError(null);
    try {
      const room = await api<RoomView>('POST', '/api/rooms', {
        name: `${me.displayName} & ${m.user.displayName}`.slice(0, 80),
        topic: t('matches.roomTopic').slice(0, 120),
        visibility: 'private',
      });
      await api('POST', `/api/rooms/${room.id}/members`, { userId: m.user.id });
      navigate(`/rooms/${room.id}`);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusyId(null);
    }
  };
  return { start, busyId, error };
}

export function MatchCard({ match, onStart, busy }: { match: Match; onStart(): void; busy: boolean }) {
  const { t } = useTranslation();
  const pct = Math.round(Math.max(0, Math.min(1, match.score)) * 100);
  return (
    <li className="card match-card" data-testid="match">
      <div className="match-head">
        <Avatar id={match.user.id} name={match.user.displayName} size={44} />
        <div>
          <strong className="match-name">{match.user.displayName}</strong>
          <div className="muted">@{match.user.username}</div>
        </div>
        <div className="score-ring" style={{ ['--pct' as string]: `${pct}` }} aria-label={t('matches.score', { pct })} role="img">
          <span>{pct}</span>
        </div>
      </div>
      {match.reasons.length > 0 && (
        <ul className="reasons" aria-label={t('matches.reasons')}>
          {match.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
      <button type="button" className="btn btn-primary btn-block" onClick={onStart} disabled={busy} data-testid="start-conversation">
        {busy ? t('common.working') : t('matches.start')}
      </button>
    </li>
  );
}

export function MatchesPage() {
  const { t } = useTranslation();
  const { matches, error } = useMatches(10);
  const { start, busyId, error: startError } = useStartConversation();
  return (
    <div className="page">
      <PageHeader title={t('matches.title')} subtitle={t('matches.subtitle')} />
      {startError && <Notice kind="error">{startError}</Notice>}
      {error ? <Notice kind="warn">{isUnavailable(error) ? t('semantic.unavailable') : errorText(t, error)}</Notice> : null}
      {matches === null && !error && <Notice>{t('common.loading')}</Notice>}
      {matches && matches.length === 0 && (
        <Notice>
          {t('matches.empty')} <Link href="/profile">{t('matches.completeProfile')}</Link>
        </Notice>
      )}
      {matches && matches.length > 0 && (
        <ul className="grid-cards">
          {matches.map((m) => (
            <MatchCard key={m.user.id} match={m} busy={busyId === m.user.id} onStart={() => void start(m)} />
          ))}
        </ul>
      )}
    </div>
  );
}
