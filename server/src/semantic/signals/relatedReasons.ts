import { reason, type ReasonCode } from '../explanations/reasons';
import type { SignalItem } from './discussionSignals';

/**
 * Why `other` is related to `item`, in the order a reader cares about: tags they share, people who took part
 * in both (members, for rooms), closeness of their words; when none of those holds, the neighbourhood came
 * from their audiences (the enriched vectors).
 */
export function relatedReasons(item: SignalItem, other: SignalItem, textSimilarity: number, closeAt: number): ReasonCode[] {
  const reasons: ReasonCode[] = [];
  const mine = new Set(item.meta.tags.map((t) => t.toLowerCase()));
  const tags = other.meta.tags.filter((t) => mine.has(t.toLowerCase()));
  if (tags.length > 0) reasons.push(reason('shared_tags', { tags: tags.slice(0, 3) }));
  const people = new Set(item.participants);
  const shared = other.participants.filter((p) => people.has(p)).length;
  if (shared > 0) reasons.push(reason(item.type === 'room' && other.type === 'room' ? 'members_in_common' : 'people_in_common', { count: shared }));
  if (textSimilarity >= closeAt) reasons.push(reason('close_in_meaning'));
  if (reasons.length === 0) reasons.push(reason('similar_audience'));
  return reasons;
}
