import type { PublicUser } from '@cohort/shared';
import { presentUser } from '../domain/presenters';
import type { ProfileRecord, Store } from '../store/ports';
import { PartnerMatcher, type MatchCandidate, type MatchItem, type PartnerMatch } from './partnerMatcher';
import { requireSemantic, type ModelStatus } from './semanticGate';
import type { SemanticIndexer } from './semanticIndexer';

export interface PartnerSuggestion extends Omit<PartnerMatch, 'userId'> {
  user: PublicUser;
}

/**
 * Up to this many profiles, the matcher is rebuilt whenever profile vectors changed since it was built: every
 * change moves the language means, so candidates centered earlier drift (a lot in a young, small community).
 * Larger communities rebuild once they grew or shrank by a tenth, when one change barely moves the means.
 */
const REBUILD_ON_ANY_CHANGE_UP_TO = 3000;

/** Partner suggestions for a user: keeps a PartnerMatcher in step with the indexed profiles. */
export class PartnerMatches {
  private matcher = new PartnerMatcher();
  private built: { version: string; size: number } | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    private readonly index: SemanticIndexer,
    private readonly model: ModelStatus,
  ) {}

  start(): void {
    this.unsubscribe ??= this.index.onChange((change) => {
      if (change.type !== 'profile' || !this.built) return;
      const profile = this.index.profileRecords().get(change.id);
      if (change.removed || !profile) this.matcher.remove(change.id);
      else this.matcher.upsert(this.candidateOf(profile));
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  async top(userId: string, limit: number): Promise<PartnerSuggestion[]> {
    requireSemantic(this.model);
    const version = this.index.profileVersion();
    const profiles = this.index.profileRecords();
    if (!this.built || (this.built.version !== version && (profiles.size <= REBUILD_ON_ANY_CHANGE_UP_TO || Math.abs(profiles.size - this.built.size) > this.built.size / 10))) {
      this.matcher = new PartnerMatcher();
      for (const profile of profiles.values()) this.matcher.upsert(this.candidateOf(profile));
      this.built = { version, size: profiles.size };
    }
    const matches = this.matcher.top(userId, limit);
    const users = new Map((await this.store.users.findManyByIds(matches.map((m) => m.userId))).map((u) => [u.id, presentUser(u)]));
    return matches.filter((m) => users.has(m.userId)).map(({ userId: id, ...rest }) => ({ user: users.get(id)!, ...rest }));
  }

  private candidateOf(profile: ProfileRecord): MatchCandidate {
    const id = profile.userId;
    const items = (space: 'profile:offer' | 'profile:need', texts: string[]): MatchItem[] =>
      texts.flatMap((text, i) => {
        const vector = this.index.vector(space, `${id}#${i}`);
        return vector ? [{ text, vector }] : [];
      });
    return {
      userId: id,
      role: profile.role,
      interests: profile.interests,
      lookingFor: profile.lookingFor,
      languages: profile.languages,
      timezone: profile.timezone,
      hoursPerWeek: profile.hoursPerWeek,
      preferences: profile.preferences,
      offers: items('profile:offer', profile.offers),
      needs: items('profile:need', profile.needs),
      about: this.index.vector('profile:about', id),
      offersAll: this.index.vector('profile:offers', id),
      needsAll: this.index.vector('profile:needs', id),
    };
  }
}
