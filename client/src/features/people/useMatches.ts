import { useEffect, useState } from 'react';
import { api } from '../../api/http';
import { rememberPeople } from '../../api/people';
import type { Match } from '../../api/types';

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
