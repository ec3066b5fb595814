import { chineseShare, LanguageMeans, type PriorMeans } from '../vectors/languageCentering';
import { VectorIndex } from '../vectors/vectorIndex';
import type { DiscussionType } from './contentTexts';

/**
 * Vector spaces. Discussions have their whole text (`content`, space `thread` etc.) and their heading
 * (`thread:title` etc.). Profiles have `about` (role, interests, skills,
 * bio), `offers` and `needs` (all items joined), and one vector per offer and need item (`offer:<i>`,
 * `need:<i>`; their index keys are `<userId>#<i>`) so matching compares item with item and can name them.
 */
export type SpaceName = DiscussionType | `${DiscussionType}:title` | 'profile:about' | 'profile:offers' | 'profile:needs' | 'profile:offer' | 'profile:need';

/** Spaces whose vectors are compared with each other share their language means. */
export type SpaceGroup = 'discussion' | 'discussion-heading' | 'profile-items' | 'profile-aggregates' | 'profile-about';
const GROUP_OF: Record<SpaceName, SpaceGroup> = {
  thread: 'discussion',
  room: 'discussion',
  notebook: 'discussion',
  'thread:title': 'discussion-heading',
  'room:title': 'discussion-heading',
  'notebook:title': 'discussion-heading',
  'profile:offer': 'profile-items',
  'profile:need': 'profile-items',
  'profile:offers': 'profile-aggregates',
  'profile:needs': 'profile-aggregates',
  'profile:about': 'profile-about',
};

/** The group a space's vectors are centered with. */
export const groupOf = (space: SpaceName): SpaceGroup => GROUP_OF[space];

/** How a group's vectors are centered (from the model profile). */
export interface CenteringOptions {
  byLanguage: boolean;
  /** Built-in means per group, blended in as `weight` texts' worth (see LanguageMeans.of). */
  priors?: Partial<Record<SpaceGroup, Omit<PriorMeans, 'weight'>>>;
  priorWeight: number;
}

/**
 * The means stay as fitted until a group's count of vectors moved this share away from what they were
 * fitted on: a newcomer (or an edit) re-centers nobody, so nobody else's scores move; a community that grew
 * by a tenth is re-centered once.
 */
const REFIT_SHARE = 0.1;

/**
 * The indexed vectors, by space: the raw vectors as the model made them (and the store holds them), each with
 * its text's Chinese share, and their language-centered views (see languageCentering.ts), which every
 * comparison uses. A change to a space bumps its group's version; centered views are rebuilt from the raw
 * vectors on first use after that, with means that are refitted only as REFIT_SHARE says.
 */
export class VectorSpaces {
  constructor(private readonly centering: CenteringOptions = { byLanguage: true, priorWeight: 0 }) {}

  private readonly raw = new Map<SpaceName, VectorIndex>();
  /** Chinese share per space and key, for centering. */
  private readonly shares = new Map<string, number>();
  private readonly groupVersions = new Map<SpaceGroup, number>();
  private readonly groupMeans = new Map<SpaceGroup, { version: number; means: LanguageMeans; fittedOn: number }>();
  private readonly centered = new Map<SpaceName, { version: number; index: VectorIndex }>();
  private dims: number | null = null;

  /** All spaces share the model's width: the first vector sets it; one of another width (a stale row) does not fit. */
  fits(length: number): boolean {
    this.dims ??= length;
    return this.dims === length;
  }

  has(space: SpaceName, key: string): boolean {
    return this.raw.get(space)?.has(key) ?? false;
  }

  /** Stores a raw vector (of a width that fits) with the Chinese share of its text. */
  set(space: SpaceName, key: string, vector: Float32Array, zh: number): void {
    this.spaceFor(space).set(key, vector);
    this.shares.set(`${space}\u0000${key}`, zh);
    this.bump(space);
  }

  remove(space: SpaceName, key: string): void {
    if (this.raw.get(space)?.remove(key)) this.bump(space);
    this.shares.delete(`${space}\u0000${key}`);
  }

  /** The language-centered vectors of a space, rebuilt from the raw ones after changes in one pass (O(n·dims)). */
  space(name: SpaceName): VectorIndex | null {
    const raw = this.raw.get(name);
    if (!raw || !this.dims) return null;
    const group = GROUP_OF[name];
    const version = this.groupVersions.get(group) ?? 0;
    const cached = this.centered.get(name);
    if (cached && cached.version === version) return cached.index;
    const means = this.meansOf(group);
    const index = new VectorIndex(this.dims, raw.size);
    const out = new Float32Array(this.dims);
    for (const key of raw.allKeys()) index.set(key, means.center(raw.get(key)!, this.shares.get(`${name}\u0000${key}`) ?? 0.5, out));
    this.centered.set(name, { version, index });
    return index;
  }

  /** The centered vector of an item's field. */
  vector(space: SpaceName, key: string): Float32Array | null {
    return this.space(space)?.get(key) ?? null;
  }

  /** A vector from elsewhere (a query, a profile field) centered as the vectors of `group` are, to compare with them. */
  centerAs(group: SpaceGroup, raw: Float32Array, text: string | number): Float32Array {
    return this.meansOf(group).center(raw, typeof text === 'number' ? text : chineseShare(text));
  }

  /** The raw vector and Chinese share of a field, to center it for another group. */
  rawField(space: SpaceName, key: string): { vector: Float32Array; zh: number } | null {
    const vector = this.raw.get(space)?.get(key);
    return vector ? { vector, zh: this.shares.get(`${space}\u0000${key}`) ?? 0.5 } : null;
  }

  /**
   * The vector a discussion is compared by: its centered whole text and its centered heading, mixed by
   * `headingWeight` (the whole text alone when there is no heading vector).
   */
  discussionVector(type: DiscussionType, key: string, headingWeight: number): Float32Array | null {
    const content = this.vector(type, key);
    if (!content) return null;
    const heading = headingWeight > 0 ? this.vector(`${type}:title`, key) : null;
    if (!heading) return content;
    let norm = 0;
    for (let d = 0; d < content.length; d++) {
      content[d] = (1 - headingWeight) * content[d]! + headingWeight * heading[d]!;
      norm += content[d]! * content[d]!;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < content.length; d++) content[d]! *= inv;
    return content;
  }

  /** Changes whenever a discussion vector changes (content or heading). */
  discussionVersion(): string {
    return (['discussion', 'discussion-heading'] as const).map((g) => this.groupVersions.get(g) ?? 0).join('.');
  }

  /** Changes whenever a profile vector changes, and with it the means profile vectors are centered by. */
  profileVersion(): string {
    return (['profile-items', 'profile-aggregates', 'profile-about'] as const).map((g) => this.groupVersions.get(g) ?? 0).join('.');
  }

  private meansOf(group: SpaceGroup): LanguageMeans {
    const version = this.groupVersions.get(group) ?? 0;
    const cached = this.groupMeans.get(group);
    if (cached && cached.version === version) return cached.means;
    const spaces = [...this.raw].filter(([name]) => GROUP_OF[name] === group);
    const count = spaces.reduce((n, [, raw]) => n + raw.size, 0);
    if (cached && cached.fittedOn > 0 && Math.abs(count - cached.fittedOn) < REFIT_SHARE * cached.fittedOn) {
      this.groupMeans.set(group, { ...cached, version });
      return cached.means;
    }
    let means: LanguageMeans;
    if (!this.centering.byLanguage) means = LanguageMeans.none(this.dims ?? 0);
    else {
      const items: Array<{ vector: Float32Array; zh: number }> = [];
      for (const [name, raw] of spaces) {
        for (const key of raw.allKeys()) items.push({ vector: raw.get(key)!, zh: this.shares.get(`${name}\u0000${key}`) ?? 0.5 });
      }
      const prior = this.centering.priors?.[group];
      const fits = prior && prior.zh.length === this.dims && this.centering.priorWeight > 0;
      means = LanguageMeans.of(this.dims ?? 0, items, fits ? { ...prior, weight: this.centering.priorWeight } : undefined);
    }
    this.groupMeans.set(group, { version, means, fittedOn: count });
    return means;
  }

  private bump(space: SpaceName): void {
    const group = GROUP_OF[space];
    this.groupVersions.set(group, (this.groupVersions.get(group) ?? 0) + 1);
  }

  private spaceFor(name: SpaceName): VectorIndex {
    let space = this.raw.get(name);
    if (!space) {
      space = new VectorIndex(this.dims!);
      this.raw.set(name, space);
    }
    return space;
  }
}
