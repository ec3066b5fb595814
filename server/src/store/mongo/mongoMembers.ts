import type { FilterQuery, Model } from 'mongoose';
import { newId } from '../ids';
import type { DocumentLocks } from './documentLocks';
import { updateElseInsert } from './mongoUpsert';

/**
 * Where one kind of membership is kept. roomMembers and notebookMembers are the same collection but for
 * their names (and the room's read marker, which only the room store touches): `(parent, userId)` is the
 * unique key, `since` when the member joined, and `_id` a fresh id per membership, so ties in `since` fall
 * back to insertion order.
 */
export interface MemberCollection {
  /** The collection's name in the lock table. */
  collection: 'roomMembers' | 'notebookMembers';
  parent: 'roomId' | 'notebookId';
  since: 'joinedAt' | 'addedAt';
  /** What a lasting unique-key clash is reported as. */
  conflictKey: 'room member' | 'notebook member';
}

/** A membership as stored: the record and a fresh `_id`. */
type Stored<Member> = Member & { _id: string };

interface MemberFields<Role extends string> {
  userId: string;
  role: Role;
}

/** The membership rules rooms and notebooks share, over one member collection. */
export class MongoMembers<Member extends MemberFields<Role>, Role extends string> {
  constructor(
    private readonly model: Model<Stored<Member>>,
    private readonly locks: DocumentLocks,
    private readonly spec: MemberCollection,
    private readonly toMember: (doc: Stored<Member>) => Member,
  ) {}

  /**
   * Creates a parent (room, notebook) and its owner membership. There are no multi-document transactions
   * on FerretDB: the parent is written first, then its owner; if the owner cannot be written the parent is
   * taken back, so nobody ever sees an ownerless parent for long.
   */
  async createWithOwner(owner: Member, create: () => Promise<unknown>, takeBack: () => Promise<unknown>): Promise<void> {
    await create();
    try {
      await this.insert(owner);
    } catch (err) {
      await takeBack().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Adds the member, or changes the role of an existing one: when they joined (and a room's read marker)
   * is kept. `fresh` is the membership to insert when there is none.
   */
  async upsert(parentId: string, userId: string, role: Role, fresh: () => Member): Promise<Member> {
    return this.locked(parentId, userId, () =>
      updateElseInsert(
        this.spec.conflictKey,
        async () => {
          const doc = await this.model.findOneAndUpdate(this.key(parentId, userId), { $set: { role } }, { new: true }).lean<Stored<Member>>();
          return doc ? this.toMember(doc) : null;
        },
        async () => {
          const member = fresh();
          await this.insert(member);
          return member;
        },
      ),
    );
  }

  async remove(parentId: string, userId: string): Promise<boolean> {
    const result = await this.model.deleteOne(this.key(parentId, userId));
    return result.deletedCount > 0;
  }

  async get(parentId: string, userId: string): Promise<Member | null> {
    const doc = await this.model.findOne(this.key(parentId, userId)).lean<Stored<Member>>();
    return doc ? this.toMember(doc) : null;
  }

  /** Members of one parent, in the order they joined. */
  async listOf(parentId: string): Promise<Member[]> {
    const { parent, since } = this.spec;
    const docs = await this.model
      .find({ [parent]: parentId } as FilterQuery<Stored<Member>>)
      .sort({ [since]: 1, _id: 1 })
      .lean<Array<Stored<Member>>>();
    return docs.map(this.toMember);
  }

  /** One user's memberships, in the order they joined (then by parent id). */
  async listFor(userId: string): Promise<Member[]> {
    const { parent, since } = this.spec;
    const docs = await this.model
      .find({ userId } as FilterQuery<Stored<Member>>)
      .sort({ [since]: 1, [parent]: 1 })
      .lean<Array<Stored<Member>>>();
    return docs.map(this.toMember);
  }

  /** Ids of everything the user is a member of. */
  async parentIdsOf(userId: string): Promise<string[]> {
    const { parent } = this.spec;
    const docs = await this.model.find({ userId } as FilterQuery<Stored<Member>>, { [parent]: 1 }).lean<Array<Record<string, string>>>();
    return docs.map((d) => d[parent]!);
  }

  /** Runs `task` with this one membership locked against every other write to it in this process. */
  locked<T>(parentId: string, userId: string, task: () => Promise<T>): Promise<T> {
    return this.locks.run(this.spec.collection, `${parentId}\u0000${userId}`, task);
  }

  private async insert(member: Member): Promise<void> {
    await this.model.create({ _id: newId(), ...member });
  }

  private key(parentId: string, userId: string): FilterQuery<Stored<Member>> {
    return { [this.spec.parent]: parentId, userId } as FilterQuery<Stored<Member>>;
  }
}
