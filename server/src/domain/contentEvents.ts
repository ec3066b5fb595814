import { EventEmitter } from 'node:events';

export type ContentType = 'thread' | 'reply' | 'room' | 'notebook' | 'profile';

/** "Something a user wrote changed": what the semantic layer listens to, so it never lives inside services. */
export interface ContentChanged {
  type: ContentType;
  id: string;
  /** True when the item was deleted and should leave indexes. */
  deleted?: boolean;
}

/** The in-process bus for `content.changed`. Listeners run after the write is stored and must not throw. */
export class ContentEvents {
  private readonly emitter = new EventEmitter();

  emit(event: ContentChanged): void {
    this.emitter.emit('content.changed', event);
  }

  on(listener: (event: ContentChanged) => void): () => void {
    this.emitter.on('content.changed', listener);
    return () => this.emitter.off('content.changed', listener);
  }
}
