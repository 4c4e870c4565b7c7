import type { FormEvent, ReactNode } from 'react';
import { useAppState } from '../store/state.ts';
import { useT } from '../i18n/index.ts';
import { FormError } from '../components/common/FormError.tsx';

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

/** The form of those pages: its fields, then the error (if any) and the submit button. */
export function AuthForm({ onSubmit, error, busy, submitLabel, children }: { onSubmit: (e: FormEvent) => void; error: string; busy: boolean; submitLabel: string; children: ReactNode }) {
  return (
    <form onSubmit={onSubmit} className="form">
      {children}
      <FormError message={error} />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
