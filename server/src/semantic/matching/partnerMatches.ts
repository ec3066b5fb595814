import type { PublicUser, TextLanguage } from '@cohort/shared';
import { presentUser } from '../../domain/presenters';
import type { Logger } from '../../logger';
import type { ProfileRecord, Store } from '../../store/ports';
import { PartnerMatcher, type MatchCandidate, type MatchItem, type PartnerMatch } from './partnerMatcher';
import { requireSemantic, type ModelStatus } from '../semanticGate';
import type { SemanticIndexer } from '../indexing/semanticIndexer';
import type { VectorMathThread } from '../vectors/vectorMathThread';
import { explained } from '../explanations/reasons';

export interface PartnerSuggestion extends Omit<PartnerMatch, 'userId'> {
  user: PublicUser;
  /** The reasons in the reader's language, one for each of `reasonCodes`. */
  reasons: string[];
}

/**
 * Up to this many profiles, the matcher is rebuilt whenever profile vectors changed since it was built: every
 * change moves the language means, so candidates centered earlier drift (a lot in a young, small community).
 * Larger communities rebuild once they grew or shrank by a tenth, when one change barely moves the means.
 */
const REBUILD_ON_ANY_CHANGE_UP_TO = 3000;

/** Profiles turned into candidates between two yields to the event loop while a matcher is rebuilt. */
const YIELD_EVERY = 1000;
/** After a failed coarse index build (the math thread died), wait this long before trying again. */
const RETRY_COARSE_MS = 60_000;

/**
 * Partner suggestions for a user: keeps a PartnerMatcher in step with the indexed profiles. A rebuild
 * makes the next matcher in the background (candidates a slice at a time, the coarse index in the vector
 * math thread) while the current one keeps answering, and swaps it in when ready. Only a small community
 * (where rebuilding is quick and every edit matters) or a first request waits for it.
 */
export class PartnerMatches {
  private matcher: PartnerMatcher | null = null;
  private built: { version: string; size: number } | null = null;
  private next: PartnerMatcher | null = null;
  private building: Promise<void> | null = null;
  private retryCoarseAt = 0;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private readonly log: Logger;

  constructor(
    private readonly store: Store,
    private readonly index: SemanticIndexer,
    private readonly model: ModelStatus,
    private readonly math: VectorMathThread,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'partner-matches' });
  }

  /** Follows profile changes, and builds the first matcher now so a large community's is ready sooner. */
  start(): void {
    this.unsubscribe ??= this.index.onChange((change) => {
      if (change.type !== 'profile') return;
      const profile = this.index.profileRecords().get(change.id);
      const candidate = change.removed || !profile ? null : this.candidateOf(profile);
      for (const matcher of [this.matcher, this.next]) {
        if (!matcher) continue;
        if (candidate) matcher.upsert(candidate);
        else matcher.remove(change.id);
      }
    });
    this.refresh();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.building;
  }

  /** The best partners for `userId`, best first, their reasons in `lang`. */
  async top(userId: string, limit: number, lang: TextLanguage = 'en'): Promise<PartnerSuggestion[]> {
    requireSemantic(this.model);
    this.refresh();
    if (this.building && (!this.matcher || this.index.profileRecords().size <= REBUILD_ON_ANY_CHANGE_UP_TO)) await this.building;
    const matches = this.matcher?.top(userId, limit) ?? [];
    const users = new Map((await this.store.users.findManyByIds(matches.map((m) => m.userId))).map((u) => [u.id, presentUser(u)]));
    return matches
      .filter((m) => users.has(m.userId))
      .map(({ userId: id, reasonCodes, score, parts }) => ({ user: users.get(id)!, score, ...explained(reasonCodes, lang), parts }));
  }

  /** Starts a rebuild when the profiles moved on since the current matcher was built (see above). */
  private refresh(): void {
    if (this.building || this.stopped) return;
    const version = this.index.profileVersion();
    const size = this.index.profileRecords().size;
    const stale =
      !this.built ||
      (this.built.version !== version && (size <= REBUILD_ON_ANY_CHANGE_UP_TO || Math.abs(size - this.built.size) > this.built.size / 10));
    const unindexed = this.matcher?.needsCoarseIndex === true && Date.now() >= this.retryCoarseAt;
    if (!stale && !unindexed) return;
    this.building = this.build(version).finally(() => (this.building = null));
  }

  private async build(version: string): Promise<void> {
    const next = new PartnerMatcher();
    this.next = next;
    try {
      // Ids only: a profile is read when its turn comes, so an edit made meanwhile is not overwritten.
      const ids = [...this.index.profileRecords().keys()];
      for (let i = 0; i < ids.length && !this.stopped; i++) {
        const profile = this.index.profileRecords().get(ids[i]!);
        if (profile) next.upsert(this.candidateOf(profile));
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      }
      try {
        await next.buildCoarseIndex(this.math);
      } catch (err) {
        this.retryCoarseAt = Date.now() + RETRY_COARSE_MS;
        this.log.warn({ err }, 'coarse index not built; matching exactly for now');
        // A matcher that still has its coarse index answers faster than an exact one.
        if (this.matcher && !this.matcher.needsCoarseIndex) return;
      }
      this.matcher = next;
      this.built = { version, size: ids.length };
    } finally {
      this.next = null;
    }
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
