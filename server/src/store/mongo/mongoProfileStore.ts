import { nowIso } from '../ids';
import { pageLimit } from '../pageLimit';
import type { PeopleFilter, ProfileFields, ProfileRecord, ProfileStore, UserRecord } from '../ports';
import { emptyProfileFields } from '../profileDefaults';
import type { DocumentLocks } from './documentLocks';
import type { MongoModels } from './models';
import type { ProfileDoc } from './models/profiles';
import { MongoPeople } from './mongoPeople';
import { updateElseInsert } from './mongoUpsert';
import { toUserRecord } from './mongoUserStore';

const FIELDS = Object.keys(emptyProfileFields()) as Array<keyof ProfileFields>;

const toRecord = (d: ProfileDoc): ProfileRecord => ({
  userId: d._id,
  bio: d.bio,
  role: d.role,
  stage: d.stage,
  skills: [...d.skills],
  interests: [...d.interests],
  offers: [...d.offers],
  needs: [...d.needs],
  languages: [...d.languages],
  timezone: d.timezone,
  hoursPerWeek: d.hoursPerWeek,
  lookingFor: [...d.lookingFor],
  preferences: {
    requireSharedLanguage: d.preferences.requireSharedLanguage,
    minHoursPerWeek: d.preferences.minHoursPerWeek,
    maxTimezoneDiffHours: d.preferences.maxTimezoneDiffHours,
  },
  updatedAt: d.updatedAt,
});

export class MongoProfileStore implements ProfileStore {
  private readonly profiles;
  private readonly people;

  constructor(
    models: MongoModels,
    private readonly locks: DocumentLocks,
  ) {
    this.profiles = models.profiles;
    this.people = new MongoPeople(models, toRecord, toUserRecord);
  }

  async get(userId: string): Promise<ProfileRecord | null> {
    const doc = await this.profiles.findById(userId).lean();
    return doc ? toRecord(doc) : null;
  }

  async upsert(userId: string, patch: Partial<ProfileFields>): Promise<ProfileRecord> {
    // $set only the patched fields (an atomic write on MongoDB, so concurrent patches of different fields
    // all land), or insert the defaults plus the patch when there is no profile yet. The lock does the
    // same for FerretDB.
    const given = FIELDS.filter((key) => patch[key] !== undefined);
    const set = Object.fromEntries(given.map((key) => [key, patch[key]])) as Partial<ProfileFields>;
    return this.locks.run('profiles', userId, () =>
      updateElseInsert(
        'profile',
        async () => {
          const doc = await this.profiles.findOneAndUpdate({ _id: userId }, { $set: { ...set, updatedAt: nowIso() } }, { new: true }).lean();
          return doc ? toRecord(doc) : null;
        },
        async () => {
          const record: ProfileRecord = { ...emptyProfileFields(), ...set, userId, updatedAt: nowIso() };
          const { userId: _id, ...fields } = record;
          await this.profiles.create({ _id, ...fields });
          return record;
        },
      ),
    );
  }

  async list(page: { afterUserId?: string; limit: number }): Promise<ProfileRecord[]> {
    const limit = pageLimit(page.limit);
    const filter = page.afterUserId === undefined ? {} : { _id: { $gt: page.afterUserId } };
    const docs = await this.profiles.find(filter).sort({ _id: 1 }).limit(limit).lean();
    return docs.map(toRecord);
  }

  async findPeople(query: PeopleFilter): Promise<Array<{ user: UserRecord; profile: ProfileRecord | null }>> {
    return this.people.find(query);
  }

  async listTimezones(): Promise<string[]> {
    return this.people.timezones();
  }
}
