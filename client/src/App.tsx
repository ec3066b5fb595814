import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { Layout } from './components/Layout';
import { Notice } from './components/Notice';
import { NotFound } from './components/NotFound';
import { SessionProvider, useSession } from './hooks/useSession';
import { SocketProvider } from './hooks/useSocket';
import { AuthPage } from './features/auth/AuthPage';
import { HomePage } from './features/home/HomePage';
import { titleWithCount, useUnreadNotifications } from './features/notifications/unreadCount';

// The landing pages (home, sign-in) are in the first chunk; every other page loads when first visited, with
// what only it needs (the markdown renderer and sanitizer come with threads and notebooks). CodeMirror,
// Yjs and the chart load only when a notebook is opened.
const RoomsPage = lazy(() => import('./features/chat/RoomsPage').then((m) => ({ default: m.RoomsPage })));
const ThreadsPage = lazy(() => import('./features/threads/ThreadsPage').then((m) => ({ default: m.ThreadsPage })));
const ThreadPage = lazy(() => import('./features/threads/ThreadPage').then((m) => ({ default: m.ThreadPage })));
const NotebooksPage = lazy(() => import('./features/notebooks/NotebooksPage').then((m) => ({ default: m.NotebooksPage })));
const NotebookEditorPage = lazy(() => import('./features/notebooks/NotebookEditorPage'));
const NotificationsPage = lazy(() => import('./features/notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })));
const ProfilePage = lazy(() => import('./features/profile/ProfilePage').then((m) => ({ default: m.ProfilePage })));
const MatchesPage = lazy(() => import('./features/people/MatchesPage').then((m) => ({ default: m.MatchesPage })));
const PeoplePage = lazy(() => import('./features/people/PeoplePage').then((m) => ({ default: m.PeoplePage })));
const PersonPage = lazy(() => import('./features/people/PersonPage').then((m) => ({ default: m.PersonPage })));
const SearchPage = lazy(() => import('./features/search/SearchPage').then((m) => ({ default: m.SearchPage })));
const TopicMapPage = lazy(() => import('./features/topics/TopicMapPage').then((m) => ({ default: m.TopicMapPage })));

export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}

function Gate() {
  const { state, recheck } = useSession();
  const { t } = useTranslation();
  const [location] = useLocation();

  const unreadNotifications = useUnreadNotifications();
  useEffect(() => {
    // "(3) Cohort" while there are unread notifications (the count is 0 when signed out).
    document.title = titleWithCount(t('app.name'), state.status === 'signedIn' ? unreadNotifications : 0);
  }, [t, state.status, unreadNotifications]);

  if (state.status === 'loading') {
    return (
      <div className="splash" role="status">
        <span className="brand-mark" aria-hidden="true">◆</span> {t('common.loading')}
      </div>
    );
  }
  if (state.status === 'signedOut') {
    return (
      <Switch>
        <Route path="/signup">
          <AuthPage mode="signUp" />
        </Route>
        <Route path="/signin">
          <AuthPage mode="signIn" />
        </Route>
        <Route>
          <Redirect to={`/signin${location !== '/' && location !== '/signin' ? `?next=${encodeURIComponent(location)}` : ''}`} replace />
        </Route>
      </Switch>
    );
  }
  return (
    // A server-side disconnect means the session ended elsewhere (logout, password change): show sign-in.
    <SocketProvider enabled onSessionEnded={() => void recheck()}>
      <Layout>
        <Suspense fallback={<Notice>{t('common.loading')}</Notice>}>
          <Switch>
            <Route path="/" component={HomePage} />
            <Route path="/signin">
              <AfterSignIn />
            </Route>
            <Route path="/signup">
              <AfterSignIn />
            </Route>
            <Route path="/rooms" component={RoomsPage} />
            <Route path="/rooms/:id" component={RoomsPage} />
            <Route path="/threads" component={ThreadsPage} />
            <Route path="/threads/:id" component={ThreadPage} />
            <Route path="/notebooks" component={NotebooksPage} />
            <Route path="/notebooks/:id" component={NotebookEditorPage} />
            <Route path="/profile" component={ProfilePage} />
            <Route path="/notifications" component={NotificationsPage} />
            <Route path="/matches" component={MatchesPage} />
            <Route path="/people" component={PeoplePage} />
            <Route path="/people/:username" component={PersonPage} />
            <Route path="/search" component={SearchPage} />
            <Route path="/map" component={TopicMapPage} />
            <Route>
              <NotFound />
            </Route>
          </Switch>
        </Suspense>
      </Layout>
    </SocketProvider>
  );
}

/** After signing in, go where the user was headed (only same-app paths). */
function AfterSignIn() {
  const next = new URLSearchParams(window.location.search).get('next');
  const safe = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  return <Redirect to={safe} replace />;
}
