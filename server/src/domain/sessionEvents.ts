import { EventBus } from './eventBus';

/** Sessions that just ended (logout, password change): the gateways close their live connections. */
export interface SessionsRevoked {
  sessionIds: string[];
}

/** The in-process bus for ended sessions; with Redis it is shared by every hub process. */
export class SessionEvents extends EventBus<SessionsRevoked> {}
