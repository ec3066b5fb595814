import { EventBus } from './eventBus';
import type { RoomRole } from '../store/ports';

/** A membership change made over HTTP that live connections must follow (e.g. a removed member leaves the live room). */
export type MembershipChanged =
  /** `actorId`: who added them; absent when they joined by themselves. */
  | { type: 'member.added'; roomId: string; userId: string; role: RoomRole; actorId?: string }
  | { type: 'member.removed'; roomId: string; userId: string }
  | { type: 'member.roleChanged'; roomId: string; userId: string; role: RoomRole; actorId: string };

/** In-process bus from the room rules to the realtime gateway, so the domain never knows about sockets. */
export class RoomEvents extends EventBus<MembershipChanged> {}
