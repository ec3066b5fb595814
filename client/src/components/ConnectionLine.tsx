import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../hooks/useSocket';

/** A compact live status: connected, reconnecting, offline. */
export function ConnectionLine({ status, compact = false }: { status: ConnectionStatus; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`conn conn-${status} ${compact ? 'conn-compact' : ''}`} role="status" aria-live="polite" data-testid="connection-status" data-status={status}>
      <span className="conn-dot" aria-hidden="true" />
      <span className={compact ? 'visually-hidden' : undefined}>{t(`connection.${status}`)}</span>
    </span>
  );
}
