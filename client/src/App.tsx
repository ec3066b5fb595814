import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { Layout } from './components/Layout';
import { Notice } from './components/Notice';
import { SessionProvider, useSession } from './hooks/useSession';
import { SocketProvider } from './hooks/useSocket';
import { AuthPage } from './features/auth/AuthPage';
import { HomePage } from './features/home/HomePage';
import { MatchesPage } from './features/people/MatchesPage';
import { NotebooksPage } from './features/notebooks/NotebooksPage';
import { ProfilePage } from './features/profile/ProfilePage';
import { RoomsPage } from './features/chat/RoomsPage';
import { SearchPage } from './features/search/SearchPage';
import { ThreadsPage } from './features/threads/ThreadsPage';
import { ThreadPage } from './features/threads/ThreadPage';
import { TopicMapPage } from './features/topics/TopicMapPage';

// CodeMirror, Yjs and the chart load only when a notebook is opened.
const NotebookEditorPage = lazy(() => import('./features/notebooks/NotebookEditorPage'));

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

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

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
            <Route path="/matches" component={MatchesPage} />
            <Route path="/search" component={SearchPage} />
            <Route path="/map" component={TopicMapPage} />
            <Route>
              <Notice kind="warn">{t('errors.pageNotFound')}</Notice>
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
