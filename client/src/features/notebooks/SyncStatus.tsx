import { useTranslation } from 'react-i18next';
import type { YDocStatus } from '../../hooks/useYDoc';

/** The notebook's connection as one word: live, syncing, connecting or offline. */
export function SyncStatus({ status, synced }: { status: YDocStatus; synced: boolean }) {
  const { t } = useTranslation();
  const key = status === 'connected' ? (synced ? 'live' : 'syncing') : status === 'connecting' ? 'connecting' : 'offline';
  return (
    <span className={`conn conn-${status === 'connected' ? 'connected' : status === 'connecting' ? 'reconnecting' : 'offline'}`} role="status" aria-live="polite" data-testid="nb-status" data-status={key}>
      <span className="conn-dot" aria-hidden="true" />
      {t(`notebooks.sync_${key}`)}
    </span>
  );
}
