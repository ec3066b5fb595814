import fs from 'node:fs';
import type { NotebookRoleName } from '@cohort/shared';
import {
  isCommunityModerator,
  isFixedRoomMember,
  mayDeleteMessage,
  mayDeletePost,
  mayEditMessage,
  mayEditPost,
  mayManageNotebook,
  mayManageRoomMembers,
  mayReadDiscussion,
  mayReadNotebook,
  mayReadRoom,
  mayWriteNotebook,
  moderatesRoom,
  notebookRole,
  ownsNotebook,
  takesPartInRoom,
  type DiscussionAccess,
  type Memberships,
  type NotebookMembership,
  type RoomMembership,
} from '../../server/src/domain/policies';
import type { RoomRole, Store } from '../../server/src/store/ports';
import { openSqliteStore } from '../../server/src/store/sqlite/sqliteStore';
import { tempDir } from '../helpers/tempDir';

const member = (role: RoomRole): RoomMembership => ({ role });
const ROOM_MEMBERSHIPS: Array<[string, RoomMembership]> = [
  ['a stranger', null],
  ['a member', member('member')],
  ['a moderator', member('moderator')],
  ['the owner', member('owner')],
];

describe('room policies', () => {
  test.each([
    // visibility, who, reads, takes part (posts, reacts, marks read), manages members, moderates
    ['public', 'a stranger', true, false, false, false],
    ['public', 'a member', true, true, false, false],
    ['public', 'a moderator', true, true, false, true],
    ['public', 'the owner', true, true, true, true],
    ['private', 'a stranger', false, false, false, false],
    ['private', 'a member', true, true, false, false],
    ['private', 'a moderator', true, true, false, true],
    ['private', 'the owner', true, true, true, true],
  ] as const)('%s room, %s: reads %s, takes part %s, manages %s, moderates %s', (visibility, who, reads, takesPart, manages, moderates) => {
    const membership = new Map(ROOM_MEMBERSHIPS).get(who)!;
    expect(mayReadRoom({ visibility }, membership)).toBe(reads);
    expect(takesPartInRoom(membership)).toBe(takesPart);
    expect(mayManageRoomMembers(membership)).toBe(manages);
    expect(moderatesRoom(membership)).toBe(moderates);
  });

  test("only the owner's membership is fixed", () => {
    expect(isFixedRoomMember({ role: 'owner' })).toBe(true);
    expect(isFixedRoomMember({ role: 'moderator' })).toBe(false);
    expect(isFixedRoomMember({ role: 'member' })).toBe(false);
  });
});

describe('chat message policies', () => {
  const message = { authorId: 'ann' };
  test.each([
    // who, their membership, edits, deletes
    ['ann', member('member'), true, true],
    ['bob', member('member'), false, false],
    ['bob', member('moderator'), false, true],
    ['bob', member('owner'), false, true],
    ['bob', null, false, false],
  ] as const)('%s (%j) on ann\'s message: edits %s, deletes %s', (userId, membership, edits, deletes) => {
    expect(mayEditMessage(userId, message)).toBe(edits);
    expect(mayDeleteMessage(userId, message, membership)).toBe(deletes);
  });
});

describe('notebook policies', () => {
  const OWNER = 'olga';
  const membershipOf = (role: NotebookRoleName | null): NotebookMembership => (role ? { role } : null);
  test.each([
    // visibility, user, their membership, role
    ['private', OWNER, null, 'owner'],
    ['private', OWNER, 'viewer', 'owner'],
    ['private', 'eve', 'editor', 'editor'],
    ['private', 'vic', 'viewer', 'viewer'],
    ['private', 'sam', null, null],
    ['community', OWNER, null, 'owner'],
    ['community', 'eve', 'editor', 'editor'],
    ['community', 'vic', 'viewer', 'viewer'],
    ['community', 'sam', null, 'viewer'],
  ] as const)('%s notebook, %s as %s member: %s', (visibility, userId, membership, role) => {
    expect(notebookRole({ ownerId: OWNER, visibility }, userId, membershipOf(membership))).toBe(role);
    expect(ownsNotebook({ ownerId: OWNER }, userId)).toBe(userId === OWNER);
  });

  test.each([
    // role, reads, writes (content, versions, restore), manages (members, title, visibility)
    ['owner', true, true, true],
    ['editor', true, true, false],
    ['viewer', true, false, false],
    [null, false, false, false],
  ] as const)('%s: reads %s, writes %s, manages %s', (role, reads, writes, manages) => {
    expect(mayReadNotebook(role)).toBe(reads);
    expect(mayWriteNotebook(role)).toBe(writes);
    expect(mayManageNotebook(role)).toBe(manages);
  });
});

describe('thread and reply policies', () => {
  const moderators: ReadonlySet<string> = new Set(['mod']);
  const post = { authorId: 'ann-id' };
  test.each([
    // actor, edits, deletes
    [{ id: 'ann-id', username: 'ann' }, true, true],
    [{ id: 'bob-id', username: 'bob' }, false, false],
    // Moderators are named by lower-case username; the actor's name may be spelled in any case.
    [{ id: 'mod-id', username: 'Mod' }, false, true],
    [{ id: 'mod-id', username: 'mod' }, false, true],
  ])('%j: edits %s, deletes %s', (actor, edits, deletes) => {
    expect(mayEditPost(actor, post)).toBe(edits);
    expect(mayDeletePost(actor, post, moderators)).toBe(deletes);
  });

  test('a moderator of the community is one by username, not by id', () => {
    expect(isCommunityModerator({ id: 'mod', username: 'someone' }, moderators)).toBe(false);
  });
});

describe('discussion policies (search results, recommendations), over a real SQLite store', () => {
  let dataDir: string;
  let store: Store;
  /** Every membership lookup the policy made. */
  let asked: string[];
  let memberships: Memberships;
  const ids: Record<'olga' | 'mia' | 'vic' | 'sam', string> = { olga: '', mia: '', vic: '', sam: '' };
  const discussions: Record<string, DiscussionAccess> = {};

  beforeAll(async () => {
    dataDir = tempDir();
    store = openSqliteStore({ dataDir });
    for (const name of Object.keys(ids) as Array<keyof typeof ids>) {
      ids[name] = (await store.users.create({ username: name, displayName: name, passwordHash: 'x' })).id;
    }
    const room = async (visibility: 'public' | 'private') => (await store.rooms.create({ name: visibility, topic: '', description: '', visibility, ownerId: ids.olga })).id;
    const notebook = async (visibility: 'private' | 'community') => (await store.notebooks.create({ title: visibility, ownerId: ids.olga, visibility })).id;
    const thread = await store.threads.create({ title: 't', body: 'b', tags: [], authorId: ids.olga });
    const privateRoom = await room('private');
    await store.rooms.upsertMember(privateRoom, ids.mia, 'member');
    const privateNotebook = await notebook('private');
    await store.notebooks.upsertMember(privateNotebook, ids.vic, 'viewer');
    const access = (type: DiscussionAccess['type'], id: string, isPublic: boolean): DiscussionAccess => ({ type, id, ownerId: ids.olga, isPublic });
    discussions['a thread'] = access('thread', thread.id, true);
    discussions['a public room'] = access('room', await room('public'), true);
    discussions['a private room'] = access('room', privateRoom, false);
    discussions['a community notebook'] = access('notebook', await notebook('community'), true);
    discussions['a private notebook'] = access('notebook', privateNotebook, false);
    const { rooms, notebooks } = store;
    memberships = {
      rooms: { getMember: (roomId, userId) => (asked.push('room'), rooms.getMember(roomId, userId)) },
      notebooks: { getMember: (notebookId, userId) => (asked.push('notebook'), notebooks.getMember(notebookId, userId)) },
    };
  });
  beforeEach(() => (asked = []));
  afterAll(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test.each([
    // discussion, viewer, visible, membership looked up
    ['a thread', 'sam', true, false],
    ['a public room', 'sam', true, false],
    ['a private room', 'olga', true, false],
    ['a private room', 'mia', true, true],
    ['a private room', 'sam', false, true],
    ['a community notebook', 'sam', true, false],
    ['a private notebook', 'olga', true, false],
    ['a private notebook', 'vic', true, true],
    ['a private notebook', 'sam', false, true],
  ] as const)('%s to %s: %s', async (discussion, viewer, visible, lookedUp) => {
    expect(await mayReadDiscussion(ids[viewer], discussions[discussion]!, memberships)).toBe(visible);
    expect(asked.length > 0).toBe(lookedUp);
  });

  test('a thread that is not public is shown to nobody but its author', async () => {
    const hidden = { ...discussions['a thread']!, isPublic: false };
    expect(await mayReadDiscussion(ids.sam, hidden, memberships)).toBe(false);
    expect(await mayReadDiscussion(ids.olga, hidden, memberships)).toBe(true);
  });
});
