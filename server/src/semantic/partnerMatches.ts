import type { PublicUser } from '@cohort/shared';
import { presentUser } from '../domain/presenters';
import type { ProfileRecord, Store } from '../store/ports';
import { PartnerMatcher, type MatchCandidate, type MatchItem, type PartnerMatch } from './partnerMatcher';
import { requireSemantic, type ModelStatus } from './semanticGate';
import type { SemanticIndexer } from './semanticIndexer';

export interface PartnerSuggestion extends Omit<PartnerMatch, 'userId'> {
  user: PublicUser;
}

/** Partner suggestions for a user: keeps a PartnerMatcher in step with the indexed profiles. */
export class PartnerMatches {
  private readonly matcher = new PartnerMatcher();
  private built = false;
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
    if (!this.built) {
      for (const profile of this.index.profileRecords().values()) this.matcher.upsert(this.candidateOf(profile));
      this.built = true;
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
