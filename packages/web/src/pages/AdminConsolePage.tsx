import { lazy, Suspense } from 'react';
import { Redirect } from 'wouter';
import { useAppState } from '../store/state.ts';
import { useT } from '../i18n/index.ts';

// The console is its own chunk: most people never open it, so it stays out of the initial download.
const AdminConsole = lazy(() => import('./admin/AdminConsole.tsx'));

/** The System Console (system admins only; anyone else goes back to the app). */
export function AdminConsolePage() {
  const t = useT();
  const isAdmin = useAppState((s) => s.me?.roles.split(' ').includes('system_admin') ?? false);
  if (!isAdmin) return <Redirect to="~/" replace />;
  return (
    <Suspense fallback={<div className="app-loading" role="status">{t('common.loading')}</div>}>
      <AdminConsole />
    </Suspense>
  );
}
