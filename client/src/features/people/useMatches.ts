import { useEffect, useState } from 'react';
import type { PartnerSuggestion } from '@cohort/shared';
import { api } from '../../api/http';
import { rememberPeople } from '../../api/people';

/** Loads partner suggestions; `unavailable` when the semantic side answers 503. */
export function useMatches(limit: number) {
  const [matches, setMatches] = useState<PartnerSuggestion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let alive = true;
    api<{ matches: PartnerSuggestion[] }>('GET', `/api/matches?limit=${limit}`).then(
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
