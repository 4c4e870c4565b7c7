import type { ReactNode } from 'react';
import { useAppState } from '../store/state.ts';
import { useT } from '../i18n/index.ts';

/** The centred card of the login, signup and team pages. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  const site = useAppState((s) => s.config.SiteName) || t('app.name');
  return (
    <main className="auth">
      <div className="auth-card">
        <div className="auth-brand" aria-hidden="true">
          {site}
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
