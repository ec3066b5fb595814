import type { PublicProfile, PublicUser } from '@cohort/shared';
import { emptyProfileFields } from '../store/profileDefaults';
import type { ProfileRecord, UserRecord } from '../store/ports';

/** What anyone may see of a user: never the password hash. */
export function presentUser(user: UserRecord): PublicUser {
  return { id: user.id, username: user.username, displayName: user.displayName };
}

/** A stored profile, or the empty one of a user who never saved theirs. */
export function presentProfile(userId: string, profile: ProfileRecord | null): PublicProfile {
  const { userId: _u, updatedAt, ...fields } = profile ?? { ...emptyProfileFields(), userId, updatedAt: null };
  return { userId, ...fields, updatedAt };
}
