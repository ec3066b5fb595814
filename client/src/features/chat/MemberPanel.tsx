import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomMemberView } from '@cohort/shared';
import { PersonAvatar, PersonLink } from '../../components/PersonLink';

/** The room's members, those online first, with their presence and role. */
export function MemberPanel({ members, online }: { members: RoomMemberView[]; online: Set<string> }) {
  const { t } = useTranslation();
  const sortedMembers = useMemo(() => [...members].sort((a, b) => Number(online.has(b.user.id)) - Number(online.has(a.user.id))), [members, online]);
  return (
    <details className="members-panel" open>
      <summary>
        {t('chat.members')} · <span data-testid="online-count">{t('chat.onlineCount', { count: online.size })}</span>
      </summary>
      <ul>
        {sortedMembers.map((m) => (
          <li key={m.user.id} className={online.has(m.user.id) ? 'online' : ''}>
            <PersonAvatar user={m.user} size={26} />
            <PersonLink user={m.user} className="member-name" />
            <span className={`presence-dot ${online.has(m.user.id) ? 'on' : ''}`} role="img" aria-label={online.has(m.user.id) ? t('chat.online') : t('chat.away')} />
            {m.role !== 'member' && <span className="role-tag">{t(`roles.${m.role}`)}</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
