import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { openConversation } from '../../api/people';
import { errorText } from '../../components/Notice';

/**
 * Goes to the direct conversation with a person: the hub answers the one room of the two of them (made on
 * the first click, the same room on every later one), so a second click never makes a duplicate.
 */
export function useStartConversation() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Takes the person, or a partner suggestion carrying them. */
  const start = async (who: { id: string } | { user: { id: string } }) => {
    const userId = 'user' in who ? who.user.id : who.id;
    setBusyId(userId);
    setError(null);
    try {
      const room = await openConversation([userId]);
      navigate(`/rooms/${room.id}`);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusyId(null);
    }
  };
  return { start, busyId, error };
}
