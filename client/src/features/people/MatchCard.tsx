import { useTranslation } from 'react-i18next';
import type { PartnerSuggestion } from '@cohort/shared';
import { Avatar } from '../../components/Avatar';

/** One suggested partner: score, the reasons, and a button to start talking. */
export function MatchCard({ match, onStart, busy }: { match: PartnerSuggestion; onStart(): void; busy: boolean }) {
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
