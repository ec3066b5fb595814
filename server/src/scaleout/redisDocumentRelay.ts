import type { Logger } from '../logger';
import type { DocumentChannel, DocumentPeerHandlers, DocumentRelay } from '../documents/documentRelay';
import type { Redis } from './redisConnection';

type Message = { kind: 'update' | 'awareness'; data: Uint8Array };

/**
 * Relays notebook updates and awareness between processes through one Redis stream per document
 * (`<prefix>:yjs:{docName}`, trimmed to about `maxLen` entries, expiring when idle). One reader connection
 * follows the streams of every document this process holds with a blocking XREAD, remembering the last id
 * it saw, so a brief Redis hiccup loses nothing still in the stream; after a real outage every open
 * document catches up from the store instead.
 */
export class RedisDocumentRelay implements DocumentRelay {
  private readonly channels = new Map<string, Set<RedisDocumentChannel>>();
  /** Stream key -> last entry id read. */
  private readonly cursors = new Map<string, string>();
  private readerId: number | undefined;
  private closed = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private lostRedis = false;
  private warnedAt = 0;

  constructor(
    /** Fails fast while Redis is away (publishing never waits). */
    private readonly writer: Redis,
    /** Dedicated to the blocking read; queues while Redis is away so the loop waits instead of spinning. */
    private readonly reader: Redis,
    private readonly processId: string,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly options: { maxLen: number; idleExpireMs: number; blockMs: number } = { maxLen: 1000, idleExpireMs: 600_000, blockMs: 5000 },
  ) {
    reader.on('error', () => (this.lostRedis = true));
    reader.on('ready', () => {
      this.readerId = undefined;
      if (this.lostRedis) {
        this.lostRedis = false;
        for (const set of this.channels.values()) for (const channel of set) channel.handlers?.resync();
      }
    });
  }

  private streamKey(docName: string): string {
    return `${this.prefix}:yjs:{${docName}}`;
  }

  async open(docName: string): Promise<DocumentChannel> {
    const key = this.streamKey(docName);
    const channel = new RedisDocumentChannel(this, docName);
    let set = this.channels.get(docName);
    if (!set) this.channels.set(docName, (set = new Set()));
    set.add(channel);
    if (!this.cursors.has(key)) {
      // Read from the current end: what was there before is in the store the document loads from next.
      const last = await this.writer.xRevRange(key, '+', '-', { COUNT: 1 }).catch(() => []);
      if (!this.cursors.has(key)) this.cursors.set(key, last[0]?.id ?? '0-0');
      await this.interruptRead();
    }
    this.loop ??= this.readLoop();
    return channel;
  }

  /** @internal */
  publish(docName: string, kind: Message['kind'], data: Uint8Array): void {
    const key = this.streamKey(docName);
    this.writer
      .multi()
      .xAdd(key, '*', { p: this.processId, k: kind === 'update' ? 'u' : 'a', d: Buffer.from(data).toString('base64') }, { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: this.options.maxLen } })
      .pExpire(key, this.options.idleExpireMs)
      .exec()
      .catch((err: unknown) => {
        if (Date.now() - this.warnedAt > 30_000) {
          this.warnedAt = Date.now();
          this.logger.warn({ err, docName }, 'notebook relay: publishing failed; peers catch up from the store when redis is back');
        }
      });
  }

  /** @internal */
  async release(channel: RedisDocumentChannel): Promise<void> {
    const set = this.channels.get(channel.docName);
    if (!set?.delete(channel) || set.size > 0) return;
    this.channels.delete(channel.docName);
    this.cursors.delete(this.streamKey(channel.docName));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.interruptRead();
    await this.loop;
  }

  /** Makes a blocked XREAD return at once, so the next one follows the current set of streams. */
  private async interruptRead(): Promise<void> {
    try {
      if (this.readerId === undefined) return;
      await this.writer.sendCommand(['CLIENT', 'UNBLOCK', String(this.readerId)]);
    } catch {
      // The read returns within blockMs anyway.
    }
  }

  private async readLoop(): Promise<void> {
    while (!this.closed) {
      if (this.cursors.size === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, 1000).unref();
        });
        this.wake = undefined;
        continue;
      }
      try {
        this.readerId ??= await this.reader.clientId();
        const streams = [...this.cursors].map(([key, id]) => ({ key, id }));
        const replies = (await this.reader.xRead(streams, { BLOCK: this.options.blockMs, COUNT: 200 })) as Array<{
          name: string;
          messages: Array<{ id: string; message: Record<string, string> }>;
        }> | null;
        for (const stream of replies ?? []) {
          for (const { id, message } of stream.messages) {
            if (!this.cursors.has(stream.name)) break;
            this.cursors.set(stream.name, id);
            if (message.p === this.processId) continue;
            this.deliver(stream.name, message);
          }
        }
      } catch (err) {
        if (this.closed) break;
        this.logger.debug({ err }, 'notebook relay read failed');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private deliver(key: string, message: Record<string, string>): void {
    const docName = key.slice(`${this.prefix}:yjs:{`.length, -1);
    const data = new Uint8Array(Buffer.from(message.d ?? '', 'base64'));
    for (const channel of this.channels.get(docName) ?? []) channel.receive({ kind: message.k === 'u' ? 'update' : 'awareness', data });
  }
}

class RedisDocumentChannel implements DocumentChannel {
  handlers: DocumentPeerHandlers | undefined;
  private buffered: Message[] = [];
  private closed = false;

  constructor(
    private readonly relay: RedisDocumentRelay,
    readonly docName: string,
  ) {}

  publishUpdate(update: Uint8Array): void {
    if (!this.closed) this.relay.publish(this.docName, 'update', update);
  }

  publishAwareness(update: Uint8Array): void {
    if (!this.closed) this.relay.publish(this.docName, 'awareness', update);
  }

  attach(handlers: DocumentPeerHandlers): void {
    this.handlers = handlers;
    for (const message of this.buffered.splice(0)) this.receive(message);
  }

  receive(message: Message): void {
    if (this.closed) return;
    if (!this.handlers) {
      this.buffered.push(message);
      return;
    }
    if (message.kind === 'update') this.handlers.update(message.data);
    else this.handlers.awareness(message.data);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.buffered = [];
    await this.relay.release(this);
  }
}
