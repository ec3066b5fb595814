import type { PublicUser } from '@cohort/shared';
import type { UserRecord } from '../../store/ports';

/**
 * What anyone may see of a user: never the password hash. Takes any object with the card's fields, so a
 * caller that holds a whole user record (or something wider) can never pass more than the card along.
 */
export function presentUser(user: Pick<UserRecord, 'id' | 'username' | 'displayName'>): PublicUser {
  return { id: user.id, username: user.username, displayName: user.displayName };
}
