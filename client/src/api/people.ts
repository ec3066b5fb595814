import type { PublicUser } from '@cohort/shared';
import { api } from './http';

/**
 * People this client has seen (room members, authors, matches). The hub has no username lookup, so invites
 * and sharing pick from these, or take a user id.
 */
const known = new Map<string, PublicUser>();

export function rememberPeople(users: Iterable<PublicUser | null | undefined>): void {
  for (const u of users) if (u && u.id) known.set(u.id, { id: u.id, username: u.username, displayName: u.displayName });
}

export function knownPeople(): PublicUser[] {
  return [...known.values()].sort((a, b) => a.username.localeCompare(b.username));
}

/** Finds a person by @username among those seen, or by user id on the hub. */
export async function resolvePerson(input: string): Promise<PublicUser | null> {
  const q = input.trim().replace(/^@/, '');
  if (!q) return null;
  const lower = q.toLowerCase();
  for (const u of known.values()) if (u.username === lower) return u;
  try {
    const found = await api<{ user: PublicUser }>('GET', `/api/users/${encodeURIComponent(q)}`);
    rememberPeople([found.user]);
    return found.user;
  } catch {
    return null;
  }
}
