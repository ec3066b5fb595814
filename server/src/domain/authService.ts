import type { LoginInput, PasswordChangeInput, PublicUser, RegisterInput } from '@cohort/shared';
import { ErrorCodes } from '@cohort/shared';
import { StoreConflictError, type SessionRecord, type Store, type UserRecord } from '../store/ports';
import { ConflictError, UnauthorizedError, ValidationError } from './errors';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwordHasher';
import { presentUser } from './presenters';
import type { SessionEvents } from './sessionEvents';
import type { SessionTokens } from './sessionTokens';

export interface Authenticated {
  user: UserRecord;
  session: SessionRecord;
}

export interface IssuedSession {
  user: PublicUser;
  token: string;
  expiresAt: Date;
}

/**
 * Accounts and sessions: register, log in, log out, change the password, and turn a token back into a user.
 * Every session it ends is announced on `sessionEvents`, so live sockets of that session close too.
 */
export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly tokens: SessionTokens,
    private readonly sessionTtlMs: number,
    private readonly sessionEvents: SessionEvents,
  ) {}

  async register(input: RegisterInput): Promise<IssuedSession> {
    const passwordHash = await hashPassword(input.password);
    let user: UserRecord;
    try {
      user = await this.store.users.create({ username: input.username, displayName: input.displayName, passwordHash });
    } catch (err) {
      if (err instanceof StoreConflictError) {
        throw new ConflictError('That username is taken', ErrorCodes.usernameTaken, { fields: { username: 'is taken' } });
      }
      throw err;
    }
    return this.issue(user);
  }

  async login(input: LoginInput): Promise<IssuedSession> {
    const user = await this.store.users.findByUsername(input.username);
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
    if (!user || !ok) throw new UnauthorizedError('Wrong username or password');
    return this.issue(user);
  }

  async logout(sessionId: string): Promise<void> {
    await this.store.sessions.revoke(sessionId, new Date().toISOString());
    this.sessionEvents.emit({ sessionIds: [sessionId] });
  }

  /** Checks the current password, stores the new one and ends every other session of the user. */
  async changePassword(caller: Authenticated, input: PasswordChangeInput): Promise<void> {
    if (!(await verifyPassword(caller.user.passwordHash, input.currentPassword))) {
      throw new ValidationError('The current password is wrong', { currentPassword: 'is not your current password' });
    }
    await this.store.users.updatePasswordHash(caller.user.id, await hashPassword(input.newPassword));
    await this.revokeSessions(caller.user.id, caller.session.id);
  }

  /** Ends every live session of the user but `exceptSessionId`, closing their sockets. */
  async revokeSessions(userId: string, exceptSessionId?: string): Promise<void> {
    const sessionIds = await this.store.sessions.revokeAllForUser(userId, new Date().toISOString(), exceptSessionId);
    if (sessionIds.length > 0) this.sessionEvents.emit({ sessionIds });
  }

  /** The user and live session behind a token; throws UnauthorizedError for anything else. */
  async authenticate(token: string | undefined): Promise<Authenticated> {
    if (!token) throw new UnauthorizedError();
    const claims = await this.tokens.verify(token);
    if (!claims) throw new UnauthorizedError();
    const session = await this.store.sessions.findById(claims.sessionId);
    if (!session || session.userId !== claims.userId || session.revokedAt || session.expiresAt <= new Date().toISOString()) {
      throw new UnauthorizedError();
    }
    const user = await this.store.users.findById(session.userId);
    if (!user) throw new UnauthorizedError();
    return { user, session };
  }

  private async issue(user: UserRecord): Promise<IssuedSession> {
    const expiresAt = new Date(Date.now() + this.sessionTtlMs);
    const session = await this.store.sessions.create({ userId: user.id, expiresAt: expiresAt.toISOString() });
    const token = await this.tokens.sign({ userId: user.id, sessionId: session.id }, expiresAt);
    return { user: presentUser(user), token, expiresAt };
  }
}
