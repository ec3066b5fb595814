import type { PublicUser, PublicProfile } from '@cohort/shared';

/** Kinds of content the semantic endpoints return. */
export type ItemType = 'thread' | 'room' | 'notebook';

export interface SearchResult {
  type: ItemType;
  id: string;
  title: string;
  snippet?: string;
  score: number;
}

export interface Recommendation {
  type: ItemType;
  id: string;
  title: string;
  score: number;
  reason: string;
}

export interface Match {
  user: PublicUser;
  score: number;
  reasons: string[];
  profile?: PublicProfile;
}

export interface ClusterItem {
  type: ItemType;
  id: string;
  title: string;
  /** 2-D layout from the server, when it sends one (either as x/y or as a [x, y] pair). */
  x?: number;
  y?: number;
  point?: [number, number];
  position?: [number, number];
}

export interface Cluster {
  id: string;
  label: string;
  keywords: string[];
  size: number;
  items: ClusterItem[];
}

export const itemHref = (type: string, id: string): string =>
  type === 'room' ? `/rooms/${id}` : type === 'notebook' ? `/notebooks/${id}` : `/threads/${id}`;
