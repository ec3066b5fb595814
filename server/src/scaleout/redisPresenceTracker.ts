import type { Logger } from '../logger';
import type { PresenceTracker } from '../realtime/presenceTracker';
import { RedisScript, type Redis } from './redisConnection';

/*
 * Layout (one Redis; `cohort` is the configured prefix; a room's keys share the hash tag {roomId}):
 *   cohort:presence:{roomId}:sockets  hash  socketId -> "userId\tprocessId"
 *   cohort:presence:{roomId}:counts   hash  userId -> live sockets; field "\0seq" orders arrivals
 *   cohort:presence:{roomId}:users    zset  userId scored by arrival (who is online, in order)
 *   cohort:procs                      set   ids of processes that registered presence
 *   cohort:proc:<id>:alive            key   refreshed by the process's heartbeat, expires after `ttlMs`
 *   cohort:proc:<id>:rooms            set   rooms where the process has sockets
 * A process that dies stops refreshing its alive key; any other process's sweep then removes its sockets.
 */
const keysFor = (prefix: string) => ({
  sockets: (roomId: string) => `${prefix}:presence:{${roomId}}:sockets`,
  counts: (roomId: string) => `${prefix}:presence:{${roomId}}:counts`,
  users: (roomId: string) => `${prefix}:presence:{${roomId}}:users`,
  procs: `${prefix}:procs`,
  alive: (proc: string) => `${prefix}:proc:${proc}:alive`,
  procRooms: (proc: string) => `${prefix}:proc:${proc}:rooms`,
});

/** Removes one socket entry; the user drops out when it was their last. Shared by the scripts below. */
const REMOVE_SOCKET_LUA = `
local function removeSocket(socketId, userId)
  redis.call('HDEL', KEYS[1], socketId)
  if redis.call('HINCRBY', KEYS[2], userId, -1) <= 0 then
    redis.call('HDEL', KEYS[2], userId)
    redis.call('ZREM', KEYS[3], userId)
    return true
  end
  return false
end
local function tidy()
  if redis.call('HLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end
end
local function userOf(value) return string.match(value, '^(.*)\\t') end
local function procOf(value) return string.match(value, '\\t(.*)$') end
`;

const ENTER = new RedisScript(`
if redis.call('HSETNX', KEYS[1], ARGV[2], ARGV[1] .. '\\t' .. ARGV[3]) == 0 then return 0 end
if redis.call('HINCRBY', KEYS[2], ARGV[1], 1) == 1 then
  redis.call('ZADD', KEYS[3], redis.call('HINCRBY', KEYS[2], '\\0seq', 1), ARGV[1])
  return 1
end
return 0
`);

const LEAVE = new RedisScript(`${REMOVE_SOCKET_LUA}
local value = redis.call('HGET', KEYS[1], ARGV[1])
if not value then return 0 end
local gone = removeSocket(ARGV[1], userOf(value))
tidy()
if gone then return 1 end
return 0
`);

const EVICT = new RedisScript(`${REMOVE_SOCKET_LUA}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if userOf(all[i + 1]) == ARGV[1] then redis.call('HDEL', KEYS[1], all[i]) end
end
redis.call('HDEL', KEYS[2], ARGV[1])
local was = redis.call('ZREM', KEYS[3], ARGV[1])
tidy()
return was
`);

/** Removes every socket a (dead) process held in the room; answers the users who dropped out. */
const DROP_PROCESS = new RedisScript(`${REMOVE_SOCKET_LUA}
local gone = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if procOf(all[i + 1]) == ARGV[1] then
    local userId = userOf(all[i + 1])
    if removeSocket(all[i], userId) then table.insert(gone, userId) end
  end
end
tidy()
return gone
`);

export interface RedisPresenceOptions {
  /** Process id (unique per process start). */
  processId: string;
  /** Key prefix (REDIS_PREFIX). */
  prefix: string;
  /** How long a silent process's sockets count as present; the heartbeat and the sweep run at a third of it. */
  ttlMs: number;
}

/**
 * Presence shared by every process through Redis. Each entry names the process holding the socket; a
 * heartbeat keeps the process alive in Redis, and every process sweeps the entries of processes whose
 * heartbeat stopped, so a crashed process's users drop out within about `ttlMs` plus a third of it.
 * If Redis forgets this process (restart, flush, or a pause longer than the TTL), the heartbeat notices
 * and enters the sockets it still holds again.
 */
export class RedisPresenceTracker implements PresenceTracker {
  /** This process's own entries: `${roomId}\0${socketId}` -> userId, to re-register them when needed. */
  private readonly local = new Map<string, { roomId: string; userId: string; socketId: string }>();
  private readonly listeners: Array<(roomId: string, droppedUserIds: string[]) => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private registered = false;
  /** A change could not reach Redis: reconcile Redis with `local` once it answers again. */
  private dirty = false;
  private warnedAt = 0;
  private readonly K: ReturnType<typeof keysFor>;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisPresenceOptions,
    private readonly logger: Logger,
  ) {
    this.K = keysFor(options.prefix);
  }

  private roomKeys(roomId: string): string[] {
    return [this.K.sockets(roomId), this.K.counts(roomId), this.K.users(roomId)];
  }

  /** Registers the process and starts the heartbeat and the sweep. */
  async start(): Promise<void> {
    await this.heartbeat();
    const every = Math.max(200, Math.floor(this.options.ttlMs / 3));
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  // While Redis is unreachable presence degrades instead of failing joins and leaves: changes are kept in
  // `local` and reconciled by the heartbeat once Redis answers (see reconcile).

  async enter(roomId: string, userId: string, socketId: string): Promise<boolean> {
    this.local.set(`${roomId}\0${socketId}`, { roomId, userId, socketId });
    return this.orDegrade(async () => {
      await this.redis.sAdd(this.K.procRooms(this.options.processId), roomId);
      return (await ENTER.run(this.redis, this.roomKeys(roomId), [userId, socketId, this.options.processId])) === 1;
    }, false);
  }

  async leave(roomId: string, _userId: string, socketId: string): Promise<boolean> {
    this.local.delete(`${roomId}\0${socketId}`);
    return this.orDegrade(async () => (await LEAVE.run(this.redis, this.roomKeys(roomId), [socketId])) === 1, false);
  }

  async evict(roomId: string, userId: string): Promise<boolean> {
    for (const [key, entry] of this.local) if (entry.roomId === roomId && entry.userId === userId) this.local.delete(key);
    return this.orDegrade(async () => (await EVICT.run(this.redis, this.roomKeys(roomId), [userId])) === 1, false);
  }

  async online(roomId: string): Promise<string[]> {
    return this.orDegrade(
      () => this.redis.zRange(this.K.users(roomId), 0, -1),
      // Without Redis, what this process knows: its own users in the room.
      [...new Set([...this.local.values()].filter((e) => e.roomId === roomId).map((e) => e.userId))],
      false,
    );
  }

  private async orDegrade<T>(work: () => Promise<T>, fallback: T, marksDirty = true): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (marksDirty) this.dirty = true;
      if (Date.now() - this.warnedAt > 30_000) {
        this.warnedAt = Date.now();
        this.logger.warn({ err }, 'presence: redis unavailable; reconciling when it is back');
      }
      return fallback;
    }
  }

  onExternalChange(listener: (roomId: string, droppedUserIds: string[]) => void): void {
    this.listeners.push(listener);
  }

  /** Stops the heartbeat and removes this process's entries (a graceful stop; a crash leaves them to the sweep). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const me = this.options.processId;
    try {
      const rooms = await this.redis.sMembers(this.K.procRooms(me));
      for (const roomId of rooms) {
        const dropped = (await DROP_PROCESS.run(this.redis, this.roomKeys(roomId), [me])) as string[];
        if (dropped.length > 0) this.notify(roomId, dropped);
      }
      await this.redis.multi().del([this.K.alive(me), this.K.procRooms(me)]).sRem(this.K.procs, me).exec();
    } catch (err) {
      this.logger.warn({ err }, 'presence: could not remove this process\'s entries; the sweep will');
    }
    this.local.clear();
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.heartbeat();
      await this.sweep();
    } catch (err) {
      // Redis is away: nothing to do until it is back (the next tick retries).
      this.logger.debug({ err }, 'presence heartbeat failed');
    } finally {
      this.ticking = false;
    }
  }

  private async heartbeat(): Promise<void> {
    const me = this.options.processId;
    const replies = await this.redis.multi().set(this.K.alive(me), String(Date.now()), { PX: this.options.ttlMs }).sAdd(this.K.procs, me).exec();
    const added = Number(replies[1]) === 1;
    if ((added && this.registered) || this.dirty) {
      if (added && this.registered) this.logger.warn({ sockets: this.local.size }, 'presence: redis had forgotten this process; entering its sockets again');
      this.dirty = false;
      await this.reconcile().catch((err: unknown) => {
        this.dirty = true;
        throw err;
      });
    }
    this.registered = true;
  }

  /**
   * Makes Redis hold exactly this process's live sockets: removes entries of sockets that left while Redis was
   * away, enters those it lost or never got. Rooms whose online list changed are reported.
   */
  private async reconcile(): Promise<void> {
    const me = this.options.processId;
    const changed = new Map<string, string[]>();
    const rooms = new Set([...(await this.redis.sMembers(this.K.procRooms(me))), ...[...this.local.values()].map((e) => e.roomId)]);
    for (const roomId of rooms) {
      const entries = await this.redis.hGetAll(this.K.sockets(roomId));
      for (const [socketId, value] of Object.entries(entries)) {
        if (!value.endsWith(`\t${me}`) || this.local.has(`${roomId}\0${socketId}`)) continue;
        const userId = value.slice(0, value.indexOf('\t'));
        if ((await LEAVE.run(this.redis, this.roomKeys(roomId), [socketId])) === 1) changed.set(roomId, [...(changed.get(roomId) ?? []), userId]);
      }
    }
    for (const { roomId, userId, socketId } of [...this.local.values()]) {
      await this.redis.sAdd(this.K.procRooms(me), roomId);
      if ((await ENTER.run(this.redis, this.roomKeys(roomId), [userId, socketId, me])) === 1 && !changed.has(roomId)) changed.set(roomId, []);
    }
    for (const [roomId, dropped] of changed) this.notify(roomId, dropped);
  }

  private async sweep(): Promise<void> {
    const me = this.options.processId;
    for (const proc of await this.redis.sMembers(this.K.procs)) {
      if (proc === me || (await this.redis.exists(this.K.alive(proc))) === 1) continue;
      for (const roomId of await this.redis.sMembers(this.K.procRooms(proc))) {
        const dropped = (await DROP_PROCESS.run(this.redis, this.roomKeys(roomId), [proc])) as string[];
        if (dropped.length > 0) this.notify(roomId, dropped);
      }
      // Only if it did not come back meanwhile (a process that re-registers also re-enters its sockets).
      if ((await this.redis.exists(this.K.alive(proc))) === 0) {
        await this.redis.multi().del(this.K.procRooms(proc)).sRem(this.K.procs, proc).exec();
        this.logger.info({ process: proc }, 'presence: removed the sockets of a process that stopped');
      }
    }
  }

  private notify(roomId: string, dropped: string[]): void {
    for (const listener of this.listeners) {
      try {
        listener(roomId, dropped);
      } catch (err) {
        this.logger.error({ err }, 'presence listener failed');
      }
    }
  }
}
