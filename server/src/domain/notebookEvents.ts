import type { NotebookRoleName } from '@cohort/shared';
import { EventBus } from './eventBus';

/** Someone's access to a notebook may have changed (a member's role, or the notebook's visibility). */
export interface NotebookAccessChanged {
  notebookId: string;
  /** The member whose role changed; absent when the change concerns everyone (visibility). */
  userId?: string;
  /**
   * With `userId`: that user's access from now on (null: none). Listeners apply it synchronously, so it is in
   * force on open connections before the request that changed it is answered.
   */
  role?: NotebookRoleName | null;
  /** With `userId`, when a member's role was set: who set it, and the membership they had before (null: none). */
  actorId?: string;
  previousRole?: NotebookRoleName | null;
}

/** In-process bus for access changes, so open Yjs connections re-check their rights at once. Emitted after the store write. */
export class NotebookEvents extends EventBus<NotebookAccessChanged> {}
