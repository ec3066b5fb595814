import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Awareness } from 'y-protocols/awareness';
import { colorFor } from '../../components/Avatar';

interface AwarenessUser {
  id?: string;
  name?: string;
  color?: string;
}

/** Avatars of everyone with the notebook open (from Yjs awareness), one per person. */
export function PresenceBar({ awareness, selfId }: { awareness: Awareness; selfId: number }) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<Array<{ key: string; name: string; color: string; self: boolean }>>([]);
  useEffect(() => {
    const read = () => {
      const seen = new Map<string, { key: string; name: string; color: string; self: boolean }>();
      awareness.getStates().forEach((state, clientId) => {
        const u = (state as { user?: AwarenessUser }).user;
        if (!u?.name) return;
        const key = u.id ?? String(clientId);
        const self = clientId === selfId;
        if (!seen.has(key) || self) seen.set(key, { key, name: u.name, color: u.color ?? colorFor(key), self });
      });
      setPeople([...seen.values()].sort((a, b) => Number(b.self) - Number(a.self)));
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness, selfId]);
  return (
    <ul className="presence-bar" aria-label={t('notebooks.presentNow', { count: people.length })} data-testid="presence">
      {people.map((p) => (
        <li key={p.key} title={p.self ? t('notebooks.you', { name: p.name }) : p.name}>
          <span className="avatar presence-avatar" style={{ background: p.color, borderColor: p.color }} aria-label={p.self ? t('notebooks.you', { name: p.name }) : p.name}>
            {[...p.name][0]?.toUpperCase()}
          </span>
        </li>
      ))}
    </ul>
  );
}
