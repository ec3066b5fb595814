import type { FilterQuery } from 'mongoose';
import { pageLimit } from '../pageLimit';
import type { PeopleFilter, ProfileRecord, UserRecord } from '../ports';
import type { MongoModels } from './models';
import type { ProfileDoc } from './models/profiles';
import type { UserDoc } from './models/users';

const TEXT_FIELDS = ['bio', 'role', 'stage', 'skills', 'interests', 'offers', 'needs', 'lookingFor'] as const;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const contains = (s: string) => ({ $regex: escapeRegex(s), $options: 'i' });
const equalsIgnoringCase = (s: string) => ({ $regex: `^${escapeRegex(s)}$`, $options: 'i' });

/**
 * The member directory over two collections without $lookup (FerretDB 1.x has none): the profile filters
 * give a set of user ids first, then users are paged by username within it.
 */
export class MongoPeople {
  constructor(
    private readonly models: MongoModels,
    private readonly toProfile: (doc: ProfileDoc) => ProfileRecord,
    private readonly toUser: (doc: UserDoc) => UserRecord,
  ) {}

  async find(filter: PeopleFilter): Promise<Array<{ user: UserRecord; profile: ProfileRecord | null }>> {
    const users: Array<FilterQuery<UserDoc>> = [{ username: { $gt: filter.afterUsername ?? '' } }];
    const profileFilter = this.profileFilter(filter);
    if (profileFilter.length > 0) users.push({ _id: { $in: await this.profileIds({ $and: profileFilter }) } });
    if (filter.q !== undefined && filter.q !== '') {
      const q = filter.q;
      const byText = await this.profileIds({ $or: TEXT_FIELDS.map((field) => ({ [field]: contains(q) })) });
      users.push({ $or: [{ username: contains(q) }, { displayName: contains(q) }, { _id: { $in: byText } }] });
    }
    const docs = await this.models.users.find({ $and: users }).sort({ username: 1 }).limit(pageLimit(filter.limit)).lean();
    const profiles = await this.models.profiles.find({ _id: { $in: docs.map((d) => d._id) } }).lean();
    const byId = new Map(profiles.map((p) => [p._id, this.toProfile(p)]));
    return docs.map((d) => ({ user: this.toUser(d), profile: byId.get(d._id) ?? null }));
  }

  async timezones(): Promise<string[]> {
    const values = (await this.models.profiles.distinct('timezone')) as string[];
    return values.filter((tz) => typeof tz === 'string' && tz !== '').sort();
  }

  private profileFilter(filter: PeopleFilter): Array<FilterQuery<ProfileDoc>> {
    const and: Array<FilterQuery<ProfileDoc>> = [];
    if (filter.role !== undefined) and.push({ role: equalsIgnoringCase(filter.role) });
    if (filter.stage !== undefined) and.push({ stage: equalsIgnoringCase(filter.stage) });
    for (const field of ['languages', 'lookingFor', 'skills'] as const) {
      const values = filter[field];
      if (values !== undefined && values.length > 0) and.push({ $or: values.map((v) => ({ [field]: equalsIgnoringCase(v) })) });
    }
    if (filter.timezones !== undefined) and.push({ timezone: { $in: [...filter.timezones] } });
    if (filter.minHoursPerWeek !== undefined) and.push({ hoursPerWeek: { $gte: filter.minHoursPerWeek } });
    return and;
  }

  private async profileIds(filter: FilterQuery<ProfileDoc>): Promise<string[]> {
    const docs = await this.models.profiles.find(filter, { _id: 1 }).lean();
    return docs.map((d) => d._id);
  }
}
