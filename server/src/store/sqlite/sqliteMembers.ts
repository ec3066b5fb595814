import { nowIso } from '../ids';
import type { SqliteDb } from './sqliteDatabase';

/**
 * Where one kind of membership is kept. room_members and notebook_members are the same table but for
 * their names (and the room's read marker, which only the room store touches): `(parent, user_id)` is the
 * key, `role` the role and `since` when the member joined. The names are spliced into SQL, so they are
 * constants, never input.
 */
export interface MemberTable {
  table: 'room_members' | 'notebook_members';
  parent: 'room_id' | 'notebook_id';
  since: 'joined_at' | 'added_at';
}

/** The membership rules rooms and notebooks share, over one member table. */
export class SqliteMembers<Row, Member, Role extends string> {
  /** Ids of everything `?` (a user id) is a member of: for a listing's `id IN (…)`. */
  readonly parentIdsOfUser: string;
  private readonly insert;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly one;
  private readonly ofParent;
  private readonly ofUser;
  private readonly upsertTx;

  constructor(
    db: SqliteDb,
    { table, parent, since }: MemberTable,
    private readonly toMember: (row: Row) => Member,
  ) {
    this.parentIdsOfUser = `SELECT ${parent} FROM ${table} WHERE user_id = ?`;
    this.insert = db.prepare<[string, string, 'owner', string]>(`INSERT INTO ${table} (${parent}, user_id, role, ${since}) VALUES (?, ?, ?, ?)`);
    // Adding an existing member only changes the role: when they joined (and a room's read marker) is kept.
    this.upsertStmt = db.prepare<[string, string, Role, string]>(
      `INSERT INTO ${table} (${parent}, user_id, role, ${since}) VALUES (?, ?, ?, ?)
       ON CONFLICT (${parent}, user_id) DO UPDATE SET role = excluded.role`,
    );
    this.deleteStmt = db.prepare<[string, string]>(`DELETE FROM ${table} WHERE ${parent} = ? AND user_id = ?`);
    this.one = db.prepare<[string, string], Row>(`SELECT * FROM ${table} WHERE ${parent} = ? AND user_id = ?`);
    // rowid breaks ties between members who joined in the same millisecond: insertion order.
    this.ofParent = db.prepare<[string], Row>(`SELECT * FROM ${table} WHERE ${parent} = ? ORDER BY ${since}, rowid`);
    this.ofUser = db.prepare<[string], Row>(`SELECT * FROM ${table} WHERE user_id = ? ORDER BY ${since}, ${parent}`);
    this.upsertTx = db.transaction((parentId: string, userId: string, role: Role): Row => {
      this.upsertStmt.run(parentId, userId, role, nowIso());
      return this.one.get(parentId, userId)!;
    });
  }

  /** Writes the creator's owner membership; run it inside the transaction that creates the parent. */
  addOwner(parentId: string, userId: string, at: string): void {
    this.insert.run(parentId, userId, 'owner', at);
  }

  /** Adds the member, or changes the role of an existing one. */
  upsert(parentId: string, userId: string, role: Role): Member {
    return this.toMember(this.upsertTx.immediate(parentId, userId, role));
  }

  remove(parentId: string, userId: string): boolean {
    return this.deleteStmt.run(parentId, userId).changes > 0;
  }

  get(parentId: string, userId: string): Member | null {
    const row = this.one.get(parentId, userId);
    return row ? this.toMember(row) : null;
  }

  /** Members of one parent, in the order they joined. */
  listOf(parentId: string): Member[] {
    return this.ofParent.all(parentId).map(this.toMember);
  }

  /** One user's memberships, in the order they joined (then by parent id). */
  listFor(userId: string): Member[] {
    return this.ofUser.all(userId).map(this.toMember);
  }
}
