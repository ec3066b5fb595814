/**
 * Storage ports: what the domain needs from a database, and nothing about how a database does it.
 *
 * Two adapters implement every port (sqlite/ and mongo/), and one contract suite (tests/contract/) runs
 * unchanged against both. Rules every adapter follows:
 * - Ids are opaque strings made by `newId()` (time-ordered, so id order within a millisecond is insert order).
 * - Times are ISO-8601 UTC strings with milliseconds (`new Date().toISOString()`), so string order is time order.
 * - A unique-key clash is reported as `StoreConflictError`, never as a driver error.
 * - Lists are returned in a defined order; "not found" is `null`, not an exception.
 * - Every method is async, so the SQLite adapter (synchronous underneath) and MongoDB look the same.
 */

import type {
  DiscussionType,
  MatchPreferences,
  NotebookRoleName,
  NotebookView,
  NotebookVisibility,
  ProfileFields,
  ReplyView,
  RoomKind,
  RoomRole,
  RoomView,
  RoomVisibility,
  ThreadSort,
  ThreadView,
  VoteValue,
} from '@cohort/shared';
import type { NotificationStore } from './notificationPorts';
import type { SessionStore, UserRecord, UserStore } from './userPorts';

// ---------------------------------------------------------------- users and sessions

export type { NewUser, SessionRecord, SessionStore, UserRecord, UserStore } from './userPorts';

// ---------------------------------------------------------------- profiles

// The profile's fields are shared with the API and the client, so they are defined once, in @cohort/shared.
export type { MatchPreferences, ProfileFields };

export interface ProfileRecord extends ProfileFields {
  userId: string;
  updatedAt: string;
}

export interface ProfileStore {
  /** The stored profile, or null if the user never saved one. */
  get(userId: string): Promise<ProfileRecord | null>;
  /** Creates or replaces the profile's fields given in `patch`; untouched fields keep their value (or the default). */
  upsert(userId: string, patch: Partial<ProfileFields>): Promise<ProfileRecord>;
  /**
   * Every stored profile, ordered by userId, a page at a time (`afterUserId` exclusive).
   * @throws RangeError unless `limit` is a positive integer.
   */
  list(page: { afterUserId?: string; limit: number }): Promise<ProfileRecord[]>;
  /**
   * The member directory: users (with their profile, null if never saved) matching every filter given, ordered
   * by username, `limit` at a time after `afterUsername` (exclusive). Text comparisons ignore ASCII case; a list
   * filter matches a profile holding any of its values; `timezones` keeps profiles whose timezone is one of them.
   * @throws RangeError unless `limit` is a positive integer.
   */
  findPeople(query: PeopleFilter): Promise<Array<{ user: UserRecord; profile: ProfileRecord | null }>>;
  /** Every distinct non-empty timezone stored in a profile (the directory turns "within N hours" into a list). */
  listTimezones(): Promise<string[]>;
}

export interface PeopleFilter {
  /** Substring of username, display name, bio, role, stage, skills, interests, offers, needs or lookingFor. */
  q?: string;
  role?: string;
  stage?: string;
  languages?: readonly string[];
  lookingFor?: readonly string[];
  skills?: readonly string[];
  timezones?: readonly string[];
  minHoursPerWeek?: number;
  afterUsername?: string;
  limit: number;
}

// ---------------------------------------------------------------- rooms and messages

// Visibility, roles and the room itself are what the API shows: one definition, in @cohort/shared.
export type { RoomKind, RoomRole, RoomVisibility };

export type RoomRecord = RoomView;

export interface RoomMemberRecord {
  roomId: string;
  userId: string;
  role: RoomRole;
  joinedAt: string;
  /** Id of the newest message this member has read, or null. */
  lastReadMessageId: string | null;
}

export interface RoomStore {
  /** Creates a topic room and makes `ownerId` its owner member, atomically. */
  create(input: { name: string; topic: string; description: string; visibility: RoomVisibility; ownerId: string }): Promise<RoomRecord>;
  findById(id: string): Promise<RoomRecord | null>;
  /**
   * The direct room of exactly `memberIds` (2 or more distinct user ids; order does not matter), made now if
   * there is none: private, kind `direct`, `creatorId` as ownerId, every member with role `member`. Exactly one
   * room per set, also under concurrent calls (in several processes); `created` says whether this call made it.
   * Members of the set missing from an existing room (they left) are added back.
   */
  openDirect(input: { memberIds: readonly string[]; creatorId: string }): Promise<{ room: RoomRecord; created: boolean }>;
  /** Public rooms plus every room `userId` is a member of, newest first. */
  listVisibleTo(userId: string): Promise<RoomRecord[]>;
  /**
   * Every room's id, private ones included, ordered by id, a page at a time (`afterId` exclusive); for
   * background work that must see everything (the semantic backfill).
   * @throws RangeError unless `limit` is a positive integer.
   */
  listIds(page: { afterId?: string; limit: number }): Promise<string[]>;
  /** Adds the member, or changes the role of an existing one. */
  upsertMember(roomId: string, userId: string, role: RoomRole): Promise<RoomMemberRecord>;
  removeMember(roomId: string, userId: string): Promise<boolean>;
  getMember(roomId: string, userId: string): Promise<RoomMemberRecord | null>;
  /** Members ordered by joinedAt. */
  listMembers(roomId: string): Promise<RoomMemberRecord[]>;
  /** Rooms this user belongs to, with their membership. */
  listMemberships(userId: string): Promise<RoomMemberRecord[]>;
  /** Moves the read marker forward only: a marker older than the stored one is ignored. */
  markRead(roomId: string, userId: string, messageId: string): Promise<void>;
}

export interface MessageRecord {
  id: string;
  roomId: string;
  authorId: string;
  body: string;
  /** The sender's idempotency key; unique per author. */
  clientId: string;
  /** Lower-case usernames mentioned with `@name`. */
  mentions: string[];
  /** emoji -> ids of users who reacted with it. */
  reactions: Record<string, string[]>;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface MessagePage {
  /** Oldest first. */
  messages: MessageRecord[];
  hasMore: boolean;
}

export interface MessageStore {
  /**
   * Stores the message unless this author already sent one with this clientId; then returns that one
   * with `created: false`. The write is durable when the promise resolves.
   */
  append(input: { roomId: string; authorId: string; body: string; clientId: string; mentions: string[] }): Promise<{ message: MessageRecord; created: boolean }>;
  findById(id: string): Promise<MessageRecord | null>;
  /** The `limit` newest messages strictly older than `beforeId` (or the newest overall), ordered (createdAt, id). */
  pageBefore(roomId: string, beforeId: string | null, limit: number): Promise<MessagePage>;
  /** Up to `limit` messages strictly newer than `afterId`, oldest first; for resync after a reconnect. */
  listAfter(roomId: string, afterId: string, limit: number): Promise<MessageRecord[]>;
  updateBody(id: string, body: string, editedAt: string): Promise<MessageRecord | null>;
  /** Soft delete: the body is blanked and deletedAt set. */
  softDelete(id: string, deletedAt: string): Promise<MessageRecord | null>;
  /** Adds or removes one user's reaction; returns the updated message. */
  toggleReaction(id: string, userId: string, emoji: string): Promise<MessageRecord | null>;
  /**
   * Messages in the room newer than `afterId` (all if null) not written by `userId` and not deleted:
   * the unread count, and how many of those mention `username`.
   */
  countUnread(roomId: string, afterId: string | null, userId: string, username: string): Promise<{ unread: number; mentions: number }>;
}

// ---------------------------------------------------------------- threads

// A stored thread or reply is the shared view with the author's id in place of their card (and no viewer's
// vote); a deleted one keeps its text here, the presenter blanks it.
export interface ThreadRecord extends Omit<ThreadView, 'author' | 'myVote'> {
  authorId: string;
}

export interface ReplyRecord extends Omit<ReplyView, 'author'> {
  authorId: string;
}

export type { ThreadSort, VoteValue };

export interface ThreadListQuery {
  sort: ThreadSort;
  tag?: string;
  authorId?: string;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
}

export interface ThreadStore {
  create(input: { title: string; body: string; tags: string[]; authorId: string }): Promise<ThreadRecord>;
  /** Deleted threads are returned too (with deletedAt set); callers decide. */
  findById(id: string): Promise<ThreadRecord | null>;
  findManyByIds(ids: readonly string[]): Promise<ThreadRecord[]>;
  update(id: string, patch: { title?: string; body?: string; tags?: string[] }, editedAt: string): Promise<ThreadRecord | null>;
  softDelete(id: string, deletedAt: string): Promise<ThreadRecord | null>;
  /** Live (not deleted) threads in the sort's order; the cursor is stable while new threads arrive. */
  list(query: ThreadListQuery): Promise<{ threads: ThreadRecord[]; nextCursor: string | null }>;
  /** Lexical full-text search over title, body and tags of live threads, best first; works for Chinese. */
  search(query: string, options: { limit: number; tag?: string }): Promise<Array<{ thread: ThreadRecord; score: number }>>;

  /** Adds the reply and bumps the thread's replyCount and lastActivityAt. */
  addReply(input: { threadId: string; authorId: string; body: string; replyTo: string | null }): Promise<ReplyRecord>;
  findReply(id: string): Promise<ReplyRecord | null>;
  updateReply(id: string, body: string, editedAt: string): Promise<ReplyRecord | null>;
  /** Soft delete; the thread's replyCount drops by one. */
  softDeleteReply(id: string, deletedAt: string): Promise<ReplyRecord | null>;
  /** All replies of a thread, deleted ones included, ordered (createdAt, id). */
  listReplies(threadId: string): Promise<ReplyRecord[]>;

  /** Sets this user's vote (1, 0 or -1) and returns the thread's new score; exact under concurrent votes. */
  vote(threadId: string, userId: string, value: VoteValue): Promise<number>;
  getVote(threadId: string, userId: string): Promise<VoteValue>;
  /** Ids of live threads the user authored, replied to or voted on. */
  listParticipatedThreadIds(userId: string): Promise<string[]>;
}

// ---------------------------------------------------------------- notebooks and their documents

export type { NotebookVisibility };
export type NotebookRole = NotebookRoleName;

/** The shared view without what depends on the caller (`role`) or follows from the id (`docName`). */
export type NotebookRecord = Omit<NotebookView, 'docName' | 'role'>;

export interface NotebookMemberRecord {
  notebookId: string;
  userId: string;
  role: NotebookRole;
  addedAt: string;
}

export interface NotebookStore {
  /** Creates the notebook and its owner membership, atomically. */
  create(input: { title: string; ownerId: string; visibility: NotebookVisibility }): Promise<NotebookRecord>;
  findById(id: string): Promise<NotebookRecord | null>;
  update(id: string, patch: { title?: string; visibility?: NotebookVisibility }): Promise<NotebookRecord | null>;
  /** Community notebooks plus those `userId` is a member of, most recently updated first. */
  listReadableBy(userId: string): Promise<NotebookRecord[]>;
  /**
   * Every notebook's id, private ones included, ordered by id, a page at a time (`afterId` exclusive); for
   * background work that must see everything (the semantic backfill).
   * @throws RangeError unless `limit` is a positive integer.
   */
  listIds(page: { afterId?: string; limit: number }): Promise<string[]>;
  upsertMember(notebookId: string, userId: string, role: NotebookRole): Promise<NotebookMemberRecord>;
  removeMember(notebookId: string, userId: string): Promise<boolean>;
  getMember(notebookId: string, userId: string): Promise<NotebookMemberRecord | null>;
  listMembers(notebookId: string): Promise<NotebookMemberRecord[]>;
}

/** What is stored of one Yjs document: a merged snapshot plus the updates appended since. */
export interface StoredDocument {
  snapshot: Uint8Array | null;
  /** Highest update seq merged into the snapshot (0 if none). */
  snapshotSeq: number;
  /** Updates with seq > snapshotSeq, in seq order. */
  updates: Array<{ seq: number; update: Uint8Array }>;
}

export interface DocumentStore {
  /** Appends one update to the document's log; durable when the promise resolves. Returns its seq (1, 2, ...). */
  appendUpdate(docName: string, update: Uint8Array): Promise<number>;
  load(docName: string): Promise<StoredDocument>;
  /**
   * Stores `snapshot` as the merge of everything up to `upToSeq`, then drops those updates. Updates appended
   * after `upToSeq` are kept. A snapshot for an older seq than the stored one is ignored (returns false).
   */
  compact(docName: string, snapshot: Uint8Array, upToSeq: number): Promise<boolean>;
  /** Bytes stored for the document (snapshot + log) and the number of log entries. */
  stats(docName: string): Promise<{ bytes: number; updates: number }>;
}

export interface VersionRecord {
  id: string;
  notebookId: string;
  label: string;
  authorId: string | null;
  /** True for versions the server took by itself. */
  auto: boolean;
  createdAt: string;
}

export interface VersionStore {
  create(input: { notebookId: string; label: string; authorId: string | null; auto: boolean; state: Uint8Array }): Promise<VersionRecord>;
  /** Newest first. */
  list(notebookId: string): Promise<VersionRecord[]>;
  findById(id: string): Promise<(VersionRecord & { state: Uint8Array }) | null>;
}

// ---------------------------------------------------------------- embeddings

export type EmbeddedType = DiscussionType | 'profile';

export interface EmbeddingRecord {
  type: EmbeddedType;
  /** Id of the thread, room, notebook or user. */
  id: string;
  /** Which text of the item: `content` for discussions; `offers`, `needs`, `about` for profiles. */
  field: string;
  model: string;
  /** Hash of the embedded text, so unchanged text is not embedded again. */
  contentHash: string;
  vector: Float32Array;
  updatedAt: string;
}

export interface EmbeddingStore {
  upsert(record: Omit<EmbeddingRecord, 'updatedAt'>): Promise<void>;
  find(type: EmbeddedType, id: string, field: string): Promise<EmbeddingRecord | null>;
  /** Every vector of a type made by `model`, ordered (id, field). */
  listByType(type: EmbeddedType, model: string): Promise<EmbeddingRecord[]>;
  /** Drops every field of the item; returns how many went. */
  remove(type: EmbeddedType, id: string): Promise<number>;
}

// ---------------------------------------------------------------- notifications

export type { NewNotification, NotificationListQuery, NotificationRecord, NotificationStore } from './notificationPorts';

// ---------------------------------------------------------------- the whole store

export type StoreKind = 'sqlite' | 'mongo';

export interface Store {
  readonly kind: StoreKind;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly profiles: ProfileStore;
  readonly rooms: RoomStore;
  readonly messages: MessageStore;
  readonly threads: ThreadStore;
  readonly notebooks: NotebookStore;
  readonly documents: DocumentStore;
  readonly versions: VersionStore;
  readonly embeddings: EmbeddingStore;
  readonly notifications: NotificationStore;
  /** Resolves when the database answers; used by /api/health. */
  ping(): Promise<void>;
  /** Writes (and commits) one tiny row: rejects while the store cannot write, e.g. on a full disk. */
  probeWrite(): Promise<void>;
  /** Flushes and closes; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** A unique key was already taken (e.g. a username). */
export class StoreConflictError extends Error {
  constructor(readonly key: string, message = `${key} already exists`) {
    super(message);
    this.name = 'StoreConflictError';
  }
}
