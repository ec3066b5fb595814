import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Recommendation, TopicCluster } from '@cohort/shared';
import { api, isUnavailable } from '../../api/http';
import { itemHref } from '../../components/discussionHref';
import { Notice, errorText } from '../../components/Notice';
import { UnreadBadge } from '../../components/UnreadBadge';
import { useMe } from '../../hooks/useSession';
import { MatchCard } from '../people/MatchCard';
import { useMatches } from '../people/useMatches';
import { useStartConversation } from '../people/useStartConversation';
import { conversationName, useConversationMembers } from '../chat/conversationNames';
import { useRoomList } from '../chat/useRoomList';

function useLoad<T>(path: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let alive = true;
    api<T>('GET', path).then(
      (d) => alive && setData(d),
      (err) => alive && setError(err),
    );
    return () => {
      alive = false;
    };
  }, [path]);
  return { data, error };
}

function SectionState({ error, loading, empty, emptyText }: { error: unknown; loading: boolean; empty: boolean; emptyText: string }) {
  const { t } = useTranslation();
  if (error) return <p className={`muted ${isUnavailable(error) ? 'warming' : ''}`}>{isUnavailable(error) ? t('semantic.unavailable') : errorText(t, error)}</p>;
  if (loading) return <p className="muted">{t('common.loading')}</p>;
  if (empty) return <p className="muted">{emptyText}</p>;
  return null;
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const recs = useLoad<{ results: Recommendation[] }>('/api/recommendations?limit=6');
  const clusters = useLoad<{ clusters: TopicCluster[] }>('/api/clusters');
  const { matches, error: matchError } = useMatches(3);
  const { start, busyId, error: startError } = useStartConversation();
  const { rooms, error: roomError } = useRoomList();
  const trending = clusters.data ? [...clusters.data.clusters].sort((a, b) => b.size - a.size).slice(0, 6) : [];
  // Only rooms the user belongs to (GET /api/rooms also lists public rooms they never joined); unread first.
  const myRooms = rooms ? rooms.filter((r) => r.role !== null).sort((a, b) => b.mentions - a.mentions || b.unread - a.unread).slice(0, 8) : [];
  // A direct conversation has no name of its own: it is named by the other people in it.
  const conversationMembers = useConversationMembers(myRooms);

  return (
    <div className="page home">
      <div className="hero">
        <h1>{t('home.greeting', { name: me.displayName })}</h1>
        <p className="muted">{t('home.subtitle')}</p>
      </div>
      <div className="home-grid">
        <section className="panel" aria-labelledby="h-recs">
          <h2 id="h-recs">{t('home.recommended')}</h2>
          <SectionState error={recs.error} loading={!recs.data && !recs.error} empty={!!recs.data && recs.data.results.length === 0} emptyText={t('home.noRecommendations')} />
          {recs.data && recs.data.results.length > 0 && (
            <ul className="rec-list">
              {recs.data.results.map((r) => (
                <li key={`${r.type}:${r.id}`}>
                  <span className={`type-badge type-${r.type}`}>{t(`types.${r.type}`)}</span>
                  <div>
                    <Link href={itemHref(r.type, r.id)}>{r.title}</Link>
                    <p className="muted small reason">{r.reason}</p>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="h-rooms">
          <div className="panel-head">
            <h2 id="h-rooms">{t('home.rooms')}</h2>
            <Link href="/rooms">{t('home.allRooms')}</Link>
          </div>
          <SectionState error={roomError} loading={rooms === null && !roomError} empty={!!rooms && myRooms.length === 0} emptyText={t('rooms.noJoined')} />
          {myRooms.length > 0 && (
            <ul className="room-list compact">
              {myRooms.map((r) => (
                <li key={r.id}>
                  <Link href={`/rooms/${r.id}`} className="room-item">
                    <span className="room-item-main">
                      <span className="room-name">
                        {r.kind === 'direct' ? conversationName((conversationMembers.get(r.id) ?? []).map((user) => ({ user })), me.id, t) : r.name}
                      </span>
                      {r.kind !== 'direct' && <span className="room-topic muted">{r.topic}</span>}
                    </span>
                    <UnreadBadge unread={r.unread} mentions={r.mentions} />
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="h-trending">
          <div className="panel-head">
            <h2 id="h-trending">{t('home.trending')}</h2>
            <Link href="/map">{t('home.openMap')}</Link>
          </div>
          <SectionState error={clusters.error} loading={!clusters.data && !clusters.error} empty={trending.length === 0} emptyText={t('home.noClusters')} />
          {trending.length > 0 && (
            <ul className="cluster-list">
              {trending.map((c) => (
                <li key={c.id}>
                  <Link href={`/map?cluster=${encodeURIComponent(c.id)}`} className="cluster-link" data-testid="trending-cluster">
                    <span className="cluster-keywords">
                      {c.keywords.slice(0, 5).map((k) => (
                        <span key={k} className="tag">
                          {k}
                        </span>
                      ))}
                    </span>
                    <span className="muted small">{t('map.items', { count: c.size })}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel panel-wide" aria-labelledby="h-matches">
          <div className="panel-head">
            <h2 id="h-matches">{t('home.matches')}</h2>
            <Link href="/matches">{t('home.allMatches')}</Link>
          </div>
          {startError && <Notice kind="error">{startError}</Notice>}
          <SectionState error={matchError} loading={matches === null && !matchError} empty={!!matches && matches.length === 0} emptyText={t('matches.empty')} />
          {matches && matches.length > 0 && (
            <ul className="grid-cards">
              {matches.slice(0, 3).map((m) => (
                <MatchCard key={m.user.id} match={m} busy={busyId === m.user.id} onStart={() => void start(m)} />
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
