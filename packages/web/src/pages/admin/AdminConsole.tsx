import { useCallback, useEffect, useState } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import type { AdminConfig, EnvironmentConfig } from '@mattermost/types/config';
import { client, errorMessage } from '../../client.ts';
import { useAppState } from '../../store/state.ts';
import { useT, type MessageKey } from '../../i18n/index.ts';
import { SECTION_ORDER } from './config-fields.ts';
import { ConfigSection } from './ConfigSection.tsx';
import { UsersPage } from './UsersPage.tsx';
import { TeamsPage } from './TeamsPage.tsx';
import { PurgeCaches } from './PurgeCaches.tsx';
import { FormError } from '../../components/common/FormError.tsx';
import '../../components/account/account.css';
import './admin.css';

export type ConfigState = {
  config: Record<string, Record<string, unknown>>;
  env: Record<string, Record<string, boolean>>;
  /** Puts the config the server answered with after a save in place. */
  replace(config: AdminConfig): void;
};

/** A section's name in the navigation: from the catalogue when we know it, else the config key itself. */
export function useSectionName(): (section: string) => string {
  const t = useT();
  return (section) => {
    const key = `admin.section.${section}` as MessageKey;
    const name = t(key);
    return name === key ? section : name;
  };
}

/** /admin_console/…: navigation on the left, the chosen page on the right. */
export default function AdminConsole() {
  const t = useT();
  const sectionName = useSectionName();
  const [location] = useLocation();
  const site = useAppState((s) => s.config.SiteName) || t('app.name');
  const [state, setState] = useState<{ config: ConfigState['config']; env: ConfigState['env'] } | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    Promise.all([client.getConfig(), client.getEnvironmentConfig()])
      .then(([config, env]) => setState({ config: config as unknown as ConfigState['config'], env: env as unknown as ConfigState['env'] }))
      .catch((err: unknown) => setError(errorMessage(err)));
  }, []);
  const replace = useCallback((config: AdminConfig) => setState((s) => (s ? { ...s, config: config as unknown as ConfigState['config'] } : s)), []);

  const sections = state ? [...SECTION_ORDER.filter((s) => s in state.config), ...Object.keys(state.config).filter((s) => !SECTION_ORDER.includes(s))] : SECTION_ORDER;
  const navLink = (href: string, label: string) => {
    const current = location === href;
    return (
      <li key={href}>
        <Link href={href} className={`admin-nav-link${current ? ' active' : ''}`} aria-current={current ? 'page' : undefined}>
          {label}
        </Link>
      </li>
    );
  };

  return (
    <div className="admin-console">
      <header className="admin-topbar">
        <span className="admin-brand">
          {site} · {t('admin.title')}
        </span>
        <Link href="~/" className="admin-leave">
          {t('admin.leave')}
        </Link>
      </header>
      <div className="admin-layout">
        <nav className="admin-nav" aria-label={t('admin.title')}>
          <h2 className="admin-nav-heading">{t('admin.nav.userManagement')}</h2>
          <ul>
            {navLink('/user_management/users', t('admin.nav.users'))}
            {navLink('/user_management/teams', t('admin.nav.teams'))}
          </ul>
          <h2 className="admin-nav-heading">{t('admin.nav.configuration')}</h2>
          <ul>{sections.map((s) => navLink(`/config/${s}`, sectionName(s)))}</ul>
        </nav>
        <main className="admin-main">
          <FormError message={error && t('common.error', { message: error })} />
          <Switch>
            <Route path="/user_management/users" component={UsersPage} />
            <Route path="/user_management/teams" component={TeamsPage} />
            <Route path="/config/:section">
              {(p) =>
                state ? (
                  state.config[p.section] ? (
                    <>
                      <ConfigSection key={p.section} section={p.section} config={state.config} env={state.env} replace={replace} />
                      {/* Where Mattermost's System Console has it: with the web server's settings. */}
                      {p.section === 'ServiceSettings' && <PurgeCaches />}
                    </>
                  ) : (
                    <p role="alert">{t('admin.config.noSection')}</p>
                  )
                ) : (
                  !error && (
                    <p className="acct-muted" role="status">
                      {t('common.loading')}
                    </p>
                  )
                )
              }
            </Route>
            <Route>
              <Redirect to="/config/TeamSettings" replace />
            </Route>
          </Switch>
        </main>
      </div>
    </div>
  );
}
