import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { isUnavailable } from '../../api/http';
import { Notice, errorText } from '../../components/Notice';
import { PageHeader } from '../../components/Layout';
import { MatchCard } from './MatchCard';
import { useMatches } from './useMatches';
import { useStartConversation } from './useStartConversation';

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
            <MatchCard key={m.user.id} match={m} busy={busyId === m.user.id} onStart={() => void start(m.user)} />
          ))}
        </ul>
      )}
    </div>
  );
}
