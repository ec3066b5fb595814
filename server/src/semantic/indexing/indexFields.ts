import { createHash } from 'node:crypto';
import type { EmbeddedType, ProfileRecord } from '../../store/ports';
import { chineseShare } from '../vectors/languageCentering';
import { profileTexts, type DiscussionType, type ItemMeta } from './contentTexts';
import type { SpaceName } from './vectorSpaces';

/** A discussion's fields: its whole text, and its heading (title, tags) on its own. */
const CONTENT = 'content';
const HEADING = 'title';

/** A text to embed for one field of one item, and where its vector goes. */
export interface FieldText {
  field: string;
  text: string;
  space: SpaceName;
  key: string;
}

/**
 * The stored content hash: the text's hash plus its Chinese share in percent (`<hex>.<0-100>`), a
 * function of the text too; it lets the share (needed for language centering) load with the vector.
 */
export const hashOf = (text: string): string => `${createHash('sha256').update(text).digest('hex').slice(0, 32)}.${Math.round(chineseShare(text) * 100)}`;
export const shareOfHash = (hash: string): number => {
  const m = /\.(\d{1,3})$/.exec(hash);
  return m ? Math.min(100, Number(m[1])) / 100 : 0.5;
};
export const itemKey = (type: EmbeddedType, id: string): string => `${type}\u0000${id}`;
export const fieldKey = (type: EmbeddedType, id: string, field: string): string => `${type}\u0000${id}\u0000${field}`;

/**
 * A discussion's whole text, and its heading alone: one vector of a long text says little of its title, and
 * the title is what its author chose to say it is about (see VectorSpaces.discussionVector for the mix).
 */
export function discussionFields(type: DiscussionType, id: string, meta: ItemMeta): FieldText[] {
  const fields: FieldText[] = [{ field: CONTENT, text: meta.text, space: type, key: id }];
  if (meta.heading) fields.push({ field: HEADING, text: meta.heading, space: headingSpace(type), key: id });
  return fields;
}

export const headingSpace = (type: DiscussionType): SpaceName => `${type}:title`;

/** A profile's fields: about, offers and needs when written, and one per offer and need item. */
export function profileFields(id: string, profile: ProfileRecord): FieldText[] {
  const t = profileTexts(profile);
  const fields: FieldText[] = [];
  if (t.about) fields.push({ field: 'about', text: t.about, space: 'profile:about', key: id });
  if (t.offers) fields.push({ field: 'offers', text: t.offers, space: 'profile:offers', key: id });
  if (t.needs) fields.push({ field: 'needs', text: t.needs, space: 'profile:needs', key: id });
  t.offerItems.forEach((text, i) => fields.push({ field: `offer:${i}`, text, space: 'profile:offer', key: `${id}#${i}` }));
  t.needItems.forEach((text, i) => fields.push({ field: `need:${i}`, text, space: 'profile:need', key: `${id}#${i}` }));
  return fields;
}

/** Where a stored field's vector goes; null for a field this version does not know. */
export function targetOf(type: EmbeddedType, id: string, field: string): { space: SpaceName; key: string } | null {
  if (type !== 'profile') {
    if (field === CONTENT) return { space: type, key: id };
    return field === HEADING ? { space: headingSpace(type), key: id } : null;
  }
  if (field === 'about' || field === 'offers' || field === 'needs') return { space: `profile:${field}`, key: id };
  const item = /^(offer|need):(\d+)$/.exec(field);
  return item ? { space: `profile:${item[1] as 'offer' | 'need'}`, key: `${id}#${item[2]}` } : null;
}
