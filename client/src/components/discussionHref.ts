import type { DiscussionType } from '@cohort/shared';

/** The client route of a thread, room or notebook, as the semantic answers name them. */
export const itemHref = (type: DiscussionType, id: string): string =>
  type === 'room' ? `/rooms/${id}` : type === 'notebook' ? `/notebooks/${id}` : `/threads/${id}`;
