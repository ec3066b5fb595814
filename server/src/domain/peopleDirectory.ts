import { offsetDistanceHours, utcOffsetHours, type PeopleQuery, type PeopleResponse, type UserWithProfile } from '@cohort/shared';
import type { PeopleFilter, Store } from '../store/ports';
import { NotFoundError, ValidationError } from './errors';
import { presentProfile, presentUser } from './presenters';

/** The cursor of a directory page: the last username shown, so the next page starts after it. */
const encodeCursor = (username: string): string => Buffer.from(username, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const username = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z0-9_.-]{1,32}$/.test(username)) throw new ValidationError('Invalid cursor', { cursor: 'must be a nextCursor from an earlier page' });
  return username;
}

/** Finding people: by username, and the member directory with its filters. */
export class PeopleDirectory {
  constructor(private readonly store: Store) {}

  async byUsername(username: string): Promise<UserWithProfile> {
    const user = await this.store.users.findByUsername(username.trim().toLowerCase());
    if (!user) throw new NotFoundError('User');
    return { user: presentUser(user), profile: presentProfile(user.id, await this.store.profiles.get(user.id)) };
  }

  /** A page of the directory for `callerId` (whose timezone `timezoneWithinHours` is measured from). */
  async find(callerId: string, query: PeopleQuery, at = new Date()): Promise<PeopleResponse> {
    const filter: PeopleFilter = {
      q: query.q,
      role: query.role,
      stage: query.stage,
      languages: query.languages,
      lookingFor: query.lookingFor,
      skills: query.skills,
      minHoursPerWeek: query.minHoursPerWeek,
      afterUsername: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      // One more than asked: whether it comes back says if there is a next page.
      limit: query.limit + 1,
    };
    if (query.timezoneWithinHours !== undefined) filter.timezones = await this.zonesWithin(callerId, query.timezoneWithinHours, at);
    const found = await this.store.profiles.findPeople(filter);
    const page = found.slice(0, query.limit);
    const last = page.at(-1);
    return {
      people: page.map(({ user, profile }) => ({ user: presentUser(user), profile: presentProfile(user.id, profile) })),
      nextCursor: found.length > query.limit && last ? encodeCursor(last.user.username) : null,
    };
  }

  /** The stored timezones whose offset now is at most `hours` from the caller's. */
  private async zonesWithin(callerId: string, hours: number, at: Date): Promise<string[]> {
    const mine = utcOffsetHours((await this.store.profiles.get(callerId))?.timezone ?? '', at);
    if (mine === null) {
      throw new ValidationError('Set your own timezone first', { timezoneWithinHours: 'needs a timezone in your own profile to measure from' });
    }
    return (await this.store.profiles.listTimezones()).filter((tz) => {
      const theirs = utcOffsetHours(tz, at);
      return theirs !== null && offsetDistanceHours(mine, theirs) <= hours;
    });
  }
}
