// Users and sessions: the part of the storage ports (see ports.ts for the rules every adapter keeps).

export interface UserRecord {
  id: string;
  /** Lower-case, `[a-z0-9_.-]{3,32}`; unique. */
  username: string;
  displayName: string;
  passwordHash: string;
  createdAt: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
}

export interface UserStore {
  /** @throws StoreConflictError when the username is taken. */
  create(input: NewUser): Promise<UserRecord>;
  findById(id: string): Promise<UserRecord | null>;
  findByUsername(username: string): Promise<UserRecord | null>;
  /** Users with these ids, in no particular order; unknown ids are left out. */
  findManyByIds(ids: readonly string[]): Promise<UserRecord[]>;
  updateDisplayName(id: string, displayName: string): Promise<UserRecord | null>;
  /** Replaces the password hash; false if there is no such user. */
  updatePasswordHash(id: string, passwordHash: string): Promise<boolean>;
  /**
   * Users whose username, or else display name, starts with `prefix`, compared NFKC-normalised and
   * lower-cased; every character of the prefix is literal. Username matches come first (the exact one
   * leads, then by username), then display-name-only matches by username. An empty prefix matches nobody.
   * @throws RangeError unless `limit` is a positive integer.
   */
  searchByPrefix(prefix: string, limit: number): Promise<UserRecord[]>;
}

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export interface SessionStore {
  create(input: { userId: string; expiresAt: string }): Promise<SessionRecord>;
  findById(id: string): Promise<SessionRecord | null>;
  /** Marks the session revoked; a second call is a no-op. Returns false if there is no such session. */
  revoke(id: string, at: string): Promise<boolean>;
  /**
   * Revokes every live (unrevoked, unexpired) session of the user but `exceptId`; returns the ids it revoked,
   * so the hub can close their live connections.
   */
  revokeAllForUser(userId: string, at: string, exceptId?: string): Promise<string[]>;
  /** Deletes sessions that expired before `now`; returns how many went. */
  purgeExpired(now: string): Promise<number>;
}
