import { EventBus } from './eventBus';

export type ContentType = 'thread' | 'reply' | 'room' | 'notebook' | 'profile';

/** "Something a user wrote changed": what the semantic layer listens to, so it never lives inside services. */
export interface ContentChanged {
  type: ContentType;
  id: string;
  /** True when the item was deleted and should leave indexes. */
  deleted?: boolean;
}

/** The in-process bus for `content.changed`. */
export class ContentEvents extends EventBus<ContentChanged> {}
