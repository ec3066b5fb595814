import type { NotebookRoleName } from '@cohort/shared';
import type { VerifiedUser } from './awarenessIdentity';

/** Close codes of the Yjs endpoint (docs/api.md). 4400-4499 tell the stock client not to reconnect. */
export const CloseCodes = {
  goingAway: 1001,
  internalError: 1011,
  malformed: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  tooLarge: 4413,
  tooManyClients: 4429,
} as const;

/** One client's socket as a room sees it: who it is, its role (what it may do: domain/policies), and how to reach it. */
export interface RoomConnection {
  readonly id: number;
  readonly user: VerifiedUser;
  role: NotebookRoleName;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}
