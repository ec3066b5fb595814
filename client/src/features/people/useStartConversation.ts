import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import type { PartnerSuggestion, RoomView } from '@cohort/shared';
import { api } from '../../api/http';
import { errorText } from '../../components/Notice';
import { useMe } from '../../hooks/useSession';

/** Opens a private room with the other person (creating it with both as members) and goes there. */
export function useStartConversation() {
  const me = useMe();
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = async (m: PartnerSuggestion) => {
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
