import { useTranslation } from 'react-i18next';
import type { PartnerSuggestion } from '@cohort/shared';
import { PersonAvatar, PersonLink } from '../../components/PersonLink';

/** One suggested partner: score, the reasons, their page and a button to message them. */
export function MatchCard({ match, onStart, busy }: { match: PartnerSuggestion; onStart(): void; busy: boolean }) {
  const { t } = useTranslation();
  const pct = Math.round(Math.max(0, Math.min(1, match.score)) * 100);
  return (
    <li className="card match-card" data-testid="match">
      <div className="match-head">
        <PersonAvatar user={match.user} size={44} />
        <div>
          <PersonLink user={match.user} className="match-name" />
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
        {busy ? t('common.working') : t('directory.message')}
      </button>
    </li>
  );
}
