import fs from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'socket.io-client';
import pino from 'pino';
import { ErrorCodes, type ChatMessage } from '@cohort/shared';
import { AuthService } from '../../server/src/domain/authService';
import { AuthorDirectory } from '../../server/src/domain/authorDirectory';
import { ChatService } from '../../server/src/domain/chatService';
import { ContentEvents } from '../../server/src/domain/contentEvents';
import { MemoryRateLimiter } from '../../server/src/domain/rateLimiter';
import { RoomEvents } from '../../server/src/domain/roomEvents';
import { RoomService } from '../../server/src/domain/roomService';
import { SessionEvents } from '../../server/src/domain/sessionEvents';
import { SessionTokens } from '../../server/src/domain/sessionTokens';
import { OriginPolicy } from '../../server/src/edge/originPolicy';
import { attachChatGateway } from '../../server/src/realtime/chatGateway';
import { MemoryPresenceTracker } from '../../server/src/realtime/presenceTracker';
import { createSocketServer, type CohortIo } from '../../server/src/realtime/socketServer';
import { MemoryTypingTracker } from '../../server/src/realtime/typingTracker';
import type { Store } from '../../server/src/store/ports';
import { openSqliteStore } from '../../server/src/store/sqlite/sqliteStore';
import { eventually, record } from '../helpers/chat';
import { connectSocket, emitAck } from '../helpers/socketClient';
import { tempDir } from '../helpers/tempDir';

/** Live rooms one socket may be in here: small, so the limit is reached in a few joins. */
const MAX_ROOMS = 3;
/** Messages one user may send before the limiter says no (it refills too slowly to matter in a test). */
const SEND_BURST = 5;

interface User {
  id: string;
  username: string;
  token: string;
}

/**
 * The chat gateway's rules, over the real gateway and services: a Socket.io server on an ephemeral port, a
 * SQLite store in a temp dir, real socket.io-client connections. Each test makes its own users and rooms.
 */
describe('chat gateway rules', () => {
  let dataDir: string;
  let store: Store;
  let rooms: RoomService;
  let auth: AuthService;
  let io: CohortIo;
  let detach: () => void;
  let hub: { url: string };
  const sockets: Socket[] = [];
  let userCount = 0;

  beforeAll(async () => {
    dataDir = tempDir('cohort-chat-gateway-');
    store = openSqliteStore({ dataDir });
    const logger = pino({ level: 'silent' });
    const sessionEvents = new SessionEvents();
    auth = new AuthService(store, new SessionTokens(randomBytes(32)), 3_600_000, sessionEvents);
    const authors = new AuthorDirectory(store.users);
    const content = new ContentEvents();
    const roomEvents = new RoomEvents();
    rooms = new RoomService(store, authors, content, roomEvents);
    const chat = new ChatService(store, rooms, authors, content);
    const server = http.createServer();
    io = createSocketServer(server, { auth, origins: OriginPolicy.of([]), sessionEvents, logger });
    detach = attachChatGateway(io, {
      rooms,
      chat,
      roomEvents,
      presence: new MemoryPresenceTracker(),
      typing: new MemoryTypingTracker(10_000),
      sendLimiter: new MemoryRateLimiter({ capacity: SEND_BURST, refillPerSecond: 0.001 }),
      logger,
      maxRoomsPerSocket: MAX_ROOMS,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hub = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  });

  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  afterAll(async () => {
    detach();
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function user(): Promise<User> {
    const username = `gw${Date.now().toString(36)}${(userCount++).toString(36)}`;
    const { user: u, token } = await auth.register({ username, password: 'correct horse battery', displayName: username });
    return { id: u.id, username: u.username, token };
  }

  async function connect(u: User): Promise<Socket> {
    const socket = await connectSocket(hub, { token: u.token });
    sockets.push(socket);
    return socket;
  }

  /** A room owned by `owner` with `members` added by the owner (not yet in the live room). */
  async function room(owner: User, visibility: 'public' | 'private', members: User[] = []): Promise<string> {
    const created = await rooms.create(owner.id, { name: 'GPU 拼车', topic: 'spare A100 hours', description: '', visibility });
    for (const m of members) await rooms.addMember(created.id, owner.id, m.id, 'member');
    return created.id;
  }

  async function joined(u: User, roomId: string): Promise<Socket> {
    const socket = await connect(u);
    const ack = await emitAck(socket, 'room:join', { roomId });
    expect(ack).toMatchObject({ ok: true });
    return socket;
  }

  /** Two users in a private room of the first, both in the live room. */
  async function twoInRoom() {
    const [a, b] = await Promise.all([user(), user()]);
    const roomId = await room(a, 'private', [b]);
    return { a, b, roomId, aSocket: await joined(a, roomId), bSocket: await joined(b, roomId) };
  }

  async function send(socket: Socket, roomId: string, body: string, clientId = `c-${randomBytes(6).toString('hex')}`): Promise<ChatMessage> {
    const ack = await emitAck(socket, 'message:send', { roomId, body, clientId });
    expect(ack).toMatchObject({ ok: true });
    return ack.message;
  }

  const idsOf = (events: Array<{ message: ChatMessage }>) => events.map((e) => e.message.id);

  test('a private room is entered by its members only; a public one makes the caller a member', async () => {
    const [owner, outsider, browser] = await Promise.all([user(), user(), user()]);
    const privateRoom = await room(owner, 'private');
    const ownerSocket = await joined(owner, privateRoom);
    const outsiderSocket = await connect(outsider);
    const heard = record<{ message: ChatMessage }>(outsiderSocket, 'message:new');
    const added = record<{ roomId: string; role: string }>(outsiderSocket, 'room:added');

    const refused = await emitAck(outsiderSocket, 'room:join', { roomId: privateRoom });
    expect(refused).toMatchObject({ ok: false, error: { code: ErrorCodes.forbidden } });
    expect(await emitAck(outsiderSocket, 'message:send', { roomId: privateRoom, body: 'let me in', clientId: 'x1' })).toMatchObject({
      ok: false,
      error: { code: ErrorCodes.forbidden },
    });
    expect(await store.rooms.getMember(privateRoom, outsider.id)).toBeNull();

    const said = await send(ownerSocket, privateRoom, 'members only');
    // room:added goes out after the message: once it arrived, a message:new to the outsider would have too.
    await rooms.addMember(privateRoom, owner.id, outsider.id, 'member');
    await eventually(() => added.length === 1, 'room:added');
    expect(added[0]).toEqual({ roomId: privateRoom, role: 'member' });
    expect(idsOf(heard)).not.toContain(said.id);

    // Now a member: the join is let in, with the room, the caller's role, the members and who is online.
    const entered = await emitAck(outsiderSocket, 'room:join', { roomId: privateRoom });
    expect(entered).toMatchObject({ ok: true, room: { id: privateRoom, visibility: 'private' }, role: 'member' });
    expect(entered.members.map((m: { user: { id: string } }) => m.user.id).sort()).toEqual([owner.id, outsider.id].sort());
    expect([...entered.online].sort()).toEqual([owner.id, outsider.id].sort());

    const publicRoom = await room(owner, 'public');
    const browserSocket = await connect(browser);
    const browserAdded = record<{ roomId: string; role: string }>(browserSocket, 'room:added');
    expect(await emitAck(browserSocket, 'room:join', { roomId: publicRoom })).toMatchObject({ ok: true, role: 'member' });
    expect(await store.rooms.getMember(publicRoom, browser.id)).toMatchObject({ role: 'member' });
    await eventually(() => browserAdded.length === 1, 'room:added on joining a public room');

    expect(await emitAck(browserSocket, 'room:join', { roomId: 'no-such-room' })).toMatchObject({ ok: false, error: { code: ErrorCodes.notFound } });
  });

  test('a send is stored and delivered once per clientId; the clientId cannot be reused in another room', async () => {
    const { a, roomId, aSocket, bSocket } = await twoInRoom();
    const other = await room(a, 'private');
    const heard = record<{ message: ChatMessage }>(bSocket, 'message:new');

    const first = await send(aSocket, roomId, 'once', 'k-1');
    const retry = await send(aSocket, roomId, 'once (retried after a lost ack)', 'k-1');
    expect(retry.id).toBe(first.id);
    expect(retry.body).toBe('once');
    const fence = await send(aSocket, roomId, 'fence');
    await eventually(() => idsOf(heard).includes(fence.id), 'the fence');
    expect(idsOf(heard)).toEqual([first.id, fence.id]);

    const elsewhere = await emitAck(aSocket, 'message:send', { roomId: other, body: 'same key, other room', clientId: 'k-1' });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: ErrorCodes.conflict, details: { fields: { clientId: expect.any(String) } } } });
    expect((await store.messages.pageBefore(roomId, null, 10)).messages.map((m) => m.id)).toEqual([first.id, fence.id]);
  });

  test('only the author edits a message', async () => {
    const { roomId, aSocket, bSocket } = await twoInRoom();
    const updated = record<{ message: ChatMessage }>(aSocket, 'message:updated');
    const message = await send(bSocket, roomId, 'my words');

    // Not even the room owner edits someone else's words.
    expect(await emitAck(aSocket, 'message:edit', { messageId: message.id, body: 'your words' })).toMatchObject({
      ok: false,
      error: { code: ErrorCodes.forbidden },
    });
    expect(await store.messages.findById(message.id)).toMatchObject({ body: 'my words', editedAt: null });

    const edited = await emitAck(bSocket, 'message:edit', { messageId: message.id, body: 'my better words' });
    expect(edited).toMatchObject({ ok: true, message: { id: message.id, body: 'my better words', editedAt: expect.any(String) } });
    await eventually(() => updated.length === 1, 'message:updated');
    expect(updated[0]!.message).toMatchObject({ id: message.id, body: 'my better words' });
  });

  test('the author, a moderator or the owner deletes; another member does not; deleting twice is announced once', async () => {
    const [owner, author, member, moderator] = await Promise.all([user(), user(), user(), user()]);
    const roomId = await room(owner, 'private', [author, member, moderator]);
    await rooms.setRole(roomId, owner.id, moderator.id, 'moderator');
    const ownerSocket = await joined(owner, roomId);
    const authorSocket = await joined(author, roomId);
    const memberSocket = await joined(member, roomId);
    const moderatorSocket = await joined(moderator, roomId);
    const deleted = record<{ message: ChatMessage }>(memberSocket, 'message:deleted');
    const heard = record<{ message: ChatMessage }>(memberSocket, 'message:new');

    const [byOwner, byModerator, byAuthor] = [await send(authorSocket, roomId, 'one'), await send(authorSocket, roomId, 'two'), await send(authorSocket, roomId, 'three')];
    expect(await emitAck(memberSocket, 'message:delete', { messageId: byOwner.id })).toMatchObject({ ok: false, error: { code: ErrorCodes.forbidden } });
    expect(await store.messages.findById(byOwner.id)).toMatchObject({ body: 'one', deletedAt: null });

    expect(await emitAck(ownerSocket, 'message:delete', { messageId: byOwner.id })).toMatchObject({ ok: true, message: { id: byOwner.id, body: '', deletedAt: expect.any(String) } });
    expect(await emitAck(moderatorSocket, 'message:delete', { messageId: byModerator.id })).toMatchObject({ ok: true, message: { deletedAt: expect.any(String) } });
    expect(await emitAck(authorSocket, 'message:delete', { messageId: byAuthor.id })).toMatchObject({ ok: true, message: { deletedAt: expect.any(String) } });
    // Again: answered with the tombstone, but nothing new to announce.
    expect(await emitAck(authorSocket, 'message:delete', { messageId: byOwner.id })).toMatchObject({ ok: true, message: { id: byOwner.id, deletedAt: expect.any(String) } });

    const fence = await send(ownerSocket, roomId, 'fence');
    await eventually(() => idsOf(heard).includes(fence.id), 'the fence');
    expect(idsOf(deleted)).toEqual([byOwner.id, byModerator.id, byAuthor.id]);
  });

  test("typing reaches the others in the live room, never the typist's own tabs, and only from inside it", async () => {
    const [a, b, c] = await Promise.all([user(), user(), user()]);
    const roomId = await room(a, 'private', [b, c]);
    const aTab1 = await joined(a, roomId);
    const aTab2 = await joined(a, roomId);
    const bSocket = await joined(b, roomId);
    const ownTab = record<{ roomId: string; userId: string; typing: boolean }>(aTab2, 'typing');
    const others = record<{ roomId: string; userId: string; typing: boolean }>(bSocket, 'typing');
    const heard = record<{ message: ChatMessage }>(aTab2, 'message:new');

    expect(await emitAck(aTab1, 'typing', { roomId, typing: true })).toEqual({ ok: true });
    // Still typing: no second announcement.
    expect(await emitAck(aTab1, 'typing', { roomId, typing: true })).toEqual({ ok: true });
    expect(await emitAck(aTab1, 'typing', { roomId, typing: false })).toEqual({ ok: true });
    await eventually(() => others.length === 2, 'typing on and off at the other member');
    expect(others).toEqual([
      { roomId, userId: a.id, typing: true },
      { roomId, userId: a.id, typing: false },
    ]);

    // A member outside the live room may not claim to type there.
    const cSocket = await connect(c);
    expect(await emitAck(cSocket, 'typing', { roomId, typing: true })).toMatchObject({ ok: false, error: { code: ErrorCodes.forbidden } });

    const fence = await send(bSocket, roomId, 'fence');
    await eventually(() => idsOf(heard).includes(fence.id), "the fence at the typist's other tab");
    expect(ownTab).toEqual([]);
    expect(others).toHaveLength(2);
  });

  test(`a socket is in at most ${MAX_ROOMS} live rooms at once`, async () => {
    const u = await user();
    const ids = [];
    for (let i = 0; i <= MAX_ROOMS; i++) ids.push(await room(u, 'private'));
    const socket = await connect(u);
    for (const roomId of ids.slice(0, MAX_ROOMS)) expect(await emitAck(socket, 'room:join', { roomId })).toMatchObject({ ok: true });

    const last = ids[MAX_ROOMS]!;
    expect(await emitAck(socket, 'room:join', { roomId: last })).toMatchObject({ ok: false, error: { code: ErrorCodes.tooManyRooms } });
    // A room it is in already does not count twice; leaving one makes space.
    expect(await emitAck(socket, 'room:join', { roomId: ids[0] })).toMatchObject({ ok: true });
    expect(await emitAck(socket, 'room:leave', { roomId: ids[0] })).toEqual({ ok: true });
    expect(await emitAck(socket, 'room:join', { roomId: last })).toMatchObject({ ok: true });
    // The limit is per connection: another tab of the same user starts from none.
    const otherTab = await connect(u);
    expect(await emitAck(otherTab, 'room:join', { roomId: ids[0] })).toMatchObject({ ok: true });
  });

  test('a removed member is out of the live room at once, and told so', async () => {
    const { a: owner, b: member, roomId, aSocket: ownerSocket, bSocket: memberSocket } = await twoInRoom();
    const removed = record<{ roomId: string }>(memberSocket, 'room:removed');
    const added = record<{ roomId: string }>(memberSocket, 'room:added');
    const heard = record<{ message: ChatMessage }>(memberSocket, 'message:new');

    await rooms.removeMember(roomId, owner.id, member.id);
    await eventually(() => removed.length === 1, 'room:removed');
    expect(removed[0]).toEqual({ roomId });
    const said = await send(ownerSocket, roomId, 'after you left');
    await rooms.addMember(roomId, owner.id, member.id, 'member');
    await eventually(() => added.length === 1, 'room:added');
    expect(idsOf(heard)).not.toContain(said.id);
    expect(await emitAck(memberSocket, 'typing', { roomId, typing: true })).toMatchObject({ ok: false, error: { code: ErrorCodes.forbidden } });
  });

  test('sends are limited per user, and a refused send stores nothing', async () => {
    const [u, other] = await Promise.all([user(), user()]);
    const roomId = await room(u, 'public');
    const socket = await joined(u, roomId);
    for (let i = 0; i < SEND_BURST; i++) await send(socket, roomId, `burst ${i}`);
    const refused = await emitAck(socket, 'message:send', { roomId, body: 'one too many', clientId: 'over' });
    expect(refused).toMatchObject({ ok: false, error: { code: ErrorCodes.rateLimited, details: { retryAfterSeconds: expect.any(Number) } } });
    expect((await store.messages.pageBefore(roomId, null, 50)).messages).toHaveLength(SEND_BURST);
    // The budget is the user's: someone else in the same room still sends.
    const otherSocket = await joined(other, roomId);
    await send(otherSocket, roomId, 'my own budget');
  });

  test('reactions: the ack carries my reactions, the room hears the count and whose toggle it was', async () => {
    const { b, roomId, aSocket, bSocket } = await twoInRoom();
    const updated = record<{ message: ChatMessage; reaction?: unknown }>(aSocket, 'message:updated');
    const message = await send(aSocket, roomId, 'ship it');

    const on = await emitAck(bSocket, 'message:react', { messageId: message.id, emoji: '🚀' });
    expect(on).toMatchObject({ ok: true, active: true, message: { reactions: { '🚀': 1 }, myReactions: ['🚀'] } });
    await eventually(() => updated.length === 1, 'message:updated for the reaction');
    expect(updated[0]!.reaction).toEqual({ userId: b.id, emoji: '🚀', active: true });
    expect(updated[0]!.message.reactions).toEqual({ '🚀': 1 });
    expect(updated[0]!.message).not.toHaveProperty('myReactions');

    const off = await emitAck(bSocket, 'message:react', { messageId: message.id, emoji: '🚀' });
    expect(off).toMatchObject({ ok: true, active: false, message: { myReactions: [] } });
    expect(off.message.reactions).toEqual({});
  });

  test('a malformed payload is refused with the fields named, and changes nothing', async () => {
    const u = await user();
    const roomId = await room(u, 'private');
    const socket = await joined(u, roomId);
    const blank = await emitAck(socket, 'message:send', { roomId, body: '   ', clientId: 'blank' });
    expect(blank).toMatchObject({ ok: false, error: { code: ErrorCodes.validation, details: { fields: { body: expect.any(String) } } } });
    const extra = await emitAck(socket, 'message:send', { roomId, body: 'hi', clientId: 'extra', admin: true });
    expect(extra).toMatchObject({ ok: false, error: { code: ErrorCodes.validation } });
    expect((await store.messages.pageBefore(roomId, null, 10)).messages).toEqual([]);
  });
});
