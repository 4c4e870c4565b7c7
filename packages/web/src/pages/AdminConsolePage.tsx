import { Redirect } from 'wouter';
import { useAppState } from '../store/state.ts';

/** The System Console (system admins only). */
export function AdminConsolePage() {
  const isAdmin = useAppState((s) => s.me?.roles.split(' ').includes('system_admin') ?? false);
  if (!isAdmin) return <Redirect to="/" replace />;
  return <main className="admin-console" />;
}
