import type { PublicProfile } from '@cohort/shared';
import { emptyProfileFields } from '../../store/profileDefaults';
import type { ProfileRecord } from '../../store/ports';

/** A stored profile, or the empty one of a user who never saved theirs. */
export function presentProfile(userId: string, profile: ProfileRecord | null): PublicProfile {
  const { userId: _u, updatedAt, ...fields } = profile ?? { ...emptyProfileFields(), userId, updatedAt: null };
  return { userId, ...fields, updatedAt };
}
