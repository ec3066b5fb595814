import type { ProfileUpdateInput, PublicProfile, PublicUser } from '@cohort/shared';
import type { ProfileFields, Store } from '../store/ports';
import { emptyProfileFields } from '../store/profileDefaults';
import type { ContentEvents } from './contentEvents';
import { NotFoundError } from './errors';
import { presentProfile, presentUser } from './presenters';

export class ProfileService {
  constructor(
    private readonly store: Store,
    private readonly events: ContentEvents,
  ) {}

  async getUserWithProfile(userId: string): Promise<{ user: PublicUser; profile: PublicProfile }> {
    const user = await this.store.users.findById(userId);
    if (!user) throw new NotFoundError('User');
    const profile = await this.store.profiles.get(userId);
    return { user: presentUser(user), profile: presentProfile(userId, profile) };
  }

  /** People whose username or display name starts with `prefix` (see UserStore.searchByPrefix), as public cards. */
  async search(prefix: string, limit: number): Promise<PublicUser[]> {
    return (await this.store.users.searchByPrefix(prefix, limit)).map(presentUser);
  }

  async update(userId: string, input: ProfileUpdateInput): Promise<PublicProfile> {
    const { preferences, ...rest } = input;
    const patch: Partial<ProfileFields> = { ...rest };
    if (preferences) {
      // Preferences merge field by field, so a client can flip one flag without resending the rest.
      const current = (await this.store.profiles.get(userId))?.preferences ?? emptyProfileFields().preferences;
      patch.preferences = { ...current, ...stripUndefined(preferences) };
    }
    const saved = await this.store.profiles.upsert(userId, patch);
    this.events.emit({ type: 'profile', id: userId });
    return presentProfile(userId, saved);
  }
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
