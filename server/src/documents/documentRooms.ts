import type * as Y from 'yjs';
import type { NotebookDocuments } from '../domain/notebookDocuments';
import type { ExclusiveLock } from '../domain/exclusiveLock';
import type { Logger } from '../logger';
import type { DocumentStore } from '../store/ports';
import { DocumentLog } from './documentLog';
import type { DocumentEvents } from './documentEvents';
import type { DocumentRoomLimits } from './documentLimits';
import { DocumentRoom } from './documentRoom';
import type { DocumentRelay } from './documentRelay';

interface Entry {
  ready: Promise<DocumentRoom>;
  /** Connections and in-flight operations using the room; it unloads a while after this drops to 0. */
  holds: number;
  timer?: NodeJS.Timeout | undefined;
  closing?: Promise<void>;
}

/**
 * The documents this process holds in memory, one DocumentRoom each: loaded on first use, unloaded
 * `unloadAfterMs` after the last user goes (flushed and compacted first). Also what the notebook rules use
 * to read and change documents, so a REST change reaches the live room rather than racing it.
 */
export class DocumentRooms implements NotebookDocuments {
  private readonly entries = new Map<string, Entry>();
  private stopping = false;

  constructor(
    private readonly store: DocumentStore,
    private readonly limits: DocumentRoomLimits,
    private readonly events: DocumentEvents,
    private readonly unloadAfterMs: number,
    private readonly logger: Logger,
    /** When several processes serve: the relay between them and the lock that lets one compact a document at a time. */
    private readonly shared?: { relay: DocumentRelay; compaction: ExclusiveLock },
  ) {}

  /** The room of `docName`, loaded if needed; pair every acquire with a release. */
  async acquire(docName: string): Promise<DocumentRoom> {
    for (;;) {
      if (this.stopping) throw new Error('the hub is stopping');
      const entry = this.entries.get(docName);
      if (entry?.closing) {
        // Let the unload finish (it flushes), then load afresh.
        await entry.closing;
        continue;
      }
      const current = entry ?? this.load(docName);
      current.holds++;
      clearTimeout(current.timer);
      current.timer = undefined;
      try {
        return await current.ready;
      } catch (err) {
        current.holds--;
        throw err;
      }
    }
  }

  release(docName: string): void {
    const entry = this.entries.get(docName);
    if (!entry || --entry.holds > 0 || entry.closing) return;
    entry.timer = setTimeout(() => this.unload(docName, entry), this.unloadAfterMs);
    entry.timer.unref();
  }

  async state(docName: string): Promise<Uint8Array> {
    const room = await this.acquire(docName);
    try {
      return await room.state();
    } finally {
      this.release(docName);
    }
  }

  async edit(docName: string, change: (doc: Y.Doc) => void, options: { beforeCommit?(previous: Uint8Array): Promise<void> } = {}): Promise<void> {
    const room = await this.acquire(docName);
    try {
      await room.edit(change, options.beforeCommit?.bind(options));
    } finally {
      this.release(docName);
    }
  }

  /** How many documents are in memory (for tests and health). */
  get loadedCount(): number {
    return this.entries.size;
  }

  /** Flushes and unloads every document; afterwards nothing loads. Close the connections first. */
  async closeAll(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.entries].map(([docName, entry]) => this.unload(docName, entry)));
  }

  private load(docName: string): Entry {
    const log = new DocumentLog(this.store, docName, this.logger, this.shared?.compaction);
    const entry: Entry = {
      ready: (async () => {
        const channel = await this.shared?.relay.open(docName);
        try {
          return await DocumentRoom.load(docName, log, this.limits, this.events, this.logger, channel);
        } catch (err) {
          await channel?.close();
          throw err;
        }
      })(),
      holds: 0,
    };
    this.entries.set(docName, entry);
    entry.ready.catch((err: unknown) => {
      this.logger.error({ err, docName }, 'loading a document failed');
      if (this.entries.get(docName) === entry) this.entries.delete(docName);
    });
    return entry;
  }

  private unload(docName: string, entry: Entry): Promise<void> {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    if (!entry.closing && (entry.holds > 0 && !this.stopping)) return Promise.resolve();
    entry.closing ??= (async () => {
      let room: DocumentRoom;
      try {
        room = await entry.ready;
      } catch {
        return;
      }
      try {
        await room.close();
      } catch (err) {
        this.logger.error({ err, docName }, 'unloading a document failed');
      }
    })().finally(() => {
      if (this.entries.get(docName) === entry) this.entries.delete(docName);
    });
    return entry.closing;
  }
}
