import { USER_SEARCH_MAX_LIMIT, type ConversationResponse, type PeopleResponse, type PublicUser, type RoomView, type UserWithProfile } from '@cohort/shared';
import { api } from './http';

/**
 * People this client has seen (room members, authors, matches), offered first when picking someone. Anyone
 * else is found on the hub by name (`searchPeople`) or by user id.
 */
const known = new Map<string, PublicUser>();

export function rememberPeople(users: Iterable<PublicUser | null | undefined>): void {
  for (const u of users) if (u && u.id) known.set(u.id, { id: u.id, username: u.username, displayName: u.displayName });
}

export function knownPeople(): PublicUser[] {
  return [...known.values()].sort((a, b) => a.username.localeCompare(b.username));
}

/** People on the hub whose username or display name starts with `prefix`; the exact username comes first. */
export async function searchPeople(prefix: string, options: { limit?: number; signal?: AbortSignal } = {}): Promise<PublicUser[]> {
  const query = new URLSearchParams({ q: prefix, limit: String(options.limit ?? USER_SEARCH_MAX_LIMIT) });
  return (await api<{ users: PublicUser[] }>('GET', `/api/users?${query}`, undefined, { signal: options.signal })).users;
}

/** What the hub allows as a username (usernameSchema); anything else is not worth looking up by name. */
const USERNAME = /^[a-z0-9_.-]{3,32}$/;

/** Finds a person by @username (among those seen, then on the hub), or by user id on the hub. */
export async function resolvePerson(input: string): Promise<PublicUser | null> {
  const q = input.trim().replace(/^@/, '');
  if (!q) return null;
  const lower = q.toLowerCase();
  for (const u of known.values()) if (u.username === lower) return u;
  try {
    if (USERNAME.test(lower)) {
      const [first] = await searchPeople(lower, { limit: 1 });
      if (first?.username === lower) {
        rememberPeople([first]);
        return first;
      }
    }
    const found = await api<{ user: PublicUser }>('GET', `/api/users/${encodeURIComponent(q)}`);
    rememberPeople([found.user]);
    return found.user;
  } catch {
    return null;
  }
}

/** A person's public card and profile, by username (the person page). */
export async function personByUsername(username: string, signal?: AbortSignal): Promise<UserWithProfile> {
  const found = await api<UserWithProfile>('GET', `/api/users/by-username/${encodeURIComponent(username)}`, undefined, { signal });
  rememberPeople([found.user]);
  return found;
}

/** The directory's filters as the page keeps them; empty values are left out of the query. */
export interface PeopleFilters {
  q?: string;
  role?: string;
  stage?: string;
  languages?: string;
  lookingFor?: string;
  skills?: string;
  timezoneWithinHours?: string;
  minHoursPerWeek?: string;
}

/** One page of the member directory. */
export async function listPeople(filters: PeopleFilters, cursor: string | null, signal?: AbortSignal): Promise<PeopleResponse> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (typeof value === 'string' && value.trim() !== '') query.set(key, value.trim());
  if (cursor) query.set('cursor', cursor);
  const page = await api<PeopleResponse>('GET', `/api/people?${query}`, undefined, { signal });
  rememberPeople(page.people.map((p) => p.user));
  return page;
}

/** The one direct conversation with these people (made on the first call, the same room afterwards). */
export async function openConversation(userIds: string[]): Promise<RoomView> {
  return (await api<ConversationResponse>('POST', '/api/conversations', { userIds })).room;
}

/** Where a person's page is. */
export const personHref = (user: Pick<PublicUser, 'username'>): string => `/people/${encodeURIComponent(user.username)}`;
