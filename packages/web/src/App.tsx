import { useEffect, useState } from 'react';
import { Route, Switch, Redirect, useLocation } from 'wouter';
import { loadSession } from './actions/session.ts';
import { useAppState } from './store/state.ts';
import { useT } from './i18n/index.ts';
import { LoginPage, safeRedirect } from './pages/LoginPage.tsx';
import { SignupPage } from './pages/SignupPage.tsx';
import { SelectTeamPage } from './pages/SelectTeamPage.tsx';
import { CreateTeamPage } from './pages/CreateTeamPage.tsx';
import { TeamPage } from './pages/TeamPage.tsx';
import { AdminConsolePage } from './pages/AdminConsolePage.tsx';
import { HomeRedirect } from './pages/HomeRedirect.tsx';

/** Routes as in Mattermost's web app, so links and bookmarks carry over. */
export function App() {
  const t = useT();
  const [phase, setPhase] = useState<'loading' | 'ready'>('loading');
  const me = useAppState((s) => s.me);
  const theme = useAppState((s) => s.theme);
  const siteName = useAppState((s) => s.config.SiteName) || t('app.name');

  useEffect(() => {
    void loadSession().finally(() => setPhase('ready'));
  }, []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    document.title = siteName;
  }, [siteName]);

  if (phase === 'loading') return <div className="app-loading" role="status">{t('common.loading')}</div>;
  if (!me) {
    return (
      <Switch>
        <Route path="/login" component={LoginPage} />
        <Route path="/signup_user_complete" component={SignupPage} />
        <Route>
          <LoginRedirect />
        </Route>
      </Switch>
    );
  }
  return (
    <Switch>
      <Route path="/login">
        <Redirect to={safeRedirect(new URLSearchParams(window.location.search).get('redirect_to'))} replace />
      </Route>
      <Route path="/signup_user_complete">
        <Redirect to="/" replace />
      </Route>
      <Route path="/" component={HomeRedirect} />
      <Route path="/select_team" component={SelectTeamPage} />
      <Route path="/create_team" component={CreateTeamPage} />
      <Route path="/admin_console" component={AdminConsolePage} nest />
      <Route path="/:team" component={TeamPage} nest />
    </Switch>
  );
}

/** Anything but the login pages while signed out: log in first, then come back here. */
function LoginRedirect() {
  const [location] = useLocation();
  const back = location === '/' ? '' : `?redirect_to=${encodeURIComponent(location + window.location.search)}`;
  return <Redirect to={`/login${back}`} replace />;
}
