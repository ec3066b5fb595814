import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { PublicProfile, PublicUser } from '@cohort/shared';
import { api, ApiError } from '../api/http';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | { status: 'signedIn'; user: PublicUser; profile: PublicProfile };

export interface Session {
  state: SessionState;
  user: PublicUser | null;
  profile: PublicProfile | null;
  signIn(username: string, password: string): Promise<void>;
  signUp(username: string, password: string, displayName: string): Promise<void>;
  signOut(): Promise<void>;
  /** Asks the hub again who is signed in (e.g. after the hub ended this session from elsewhere). */
  recheck(): Promise<void>;
  /** Replaces the cached profile after a save. */
  setProfile(profile: PublicProfile): void;
}

const SessionContext = createContext<Session | null>(null);

interface MeAnswer {
  user: PublicUser;
  profile: PublicProfile;
}

/** Holds who is signed in: asks GET /api/me on load; the session itself is the server's httpOnly cookie. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const loadMe = useCallback(async () => {
    try {
      const me = await api<MeAnswer>('GET', '/api/me');
      setState({ status: 'signedIn', user: me.user, profile: me.profile });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setState({ status: 'signedOut' });
      } else {
        // The hub is unreachable: try again shortly rather than pretending to be signed out.
        setTimeout(() => void loadMe(), 3000);
      }
    }
  }, []);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      // The answer's token is not kept: the httpOnly cookie the hub sets authenticates HTTP, Socket.io and Yjs.
      await api('POST', '/api/auth/login', { username, password });
      await loadMe();
    },
    [loadMe],
  );

  const signUp = useCallback(
    async (username: string, password: string, displayName: string) => {
      await api('POST', '/api/auth/register', { username, password, displayName });
      await loadMe();
    },
    [loadMe],
  );

  const signOut = useCallback(async () => {
    try {
      await api('POST', '/api/auth/logout');
    } catch {
      /* already invalid: signed out either way */
    }
    setState({ status: 'signedOut' });
  }, []);

  const setProfile = useCallback((profile: PublicProfile) => {
    setState((s) => (s.status === 'signedIn' ? { ...s, profile } : s));
  }, []);

  const value = useMemo<Session>(
    () => ({
      state,
      user: state.status === 'signedIn' ? state.user : null,
      profile: state.status === 'signedIn' ? state.profile : null,
      signIn,
      signUp,
      signOut,
      recheck: loadMe,
      setProfile,
    }),
    [state, signIn, signUp, signOut, loadMe, setProfile],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionProvider');
  return session;
}

/** The signed-in user; only for components rendered behind the sign-in gate. */
export function useMe(): PublicUser {
  const { user } = useSession();
  if (!user) throw new Error('useMe needs a signed-in session');
  return user;
}
