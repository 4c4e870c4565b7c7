import type { AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import { requirePermission } from './permissions.ts';
import { CACHES_INVALIDATED } from '../realtime/bus.ts';

/**
 * POST /caches/invalidate (the System Console's "Purge All Caches"): every node drops the sessions, read checks,
 * channel pages and channel memberships it keeps in memory, and reads them from the database again. For a change an
 * administrator made in the database directly, which no event announced.
 */
export function invalidateCaches(ctx: AppContext, session: Session): void {
  requirePermission(session, 'manage_system');
  ctx.bus.publish({ event: CACHES_INVALIDATED, data: {}, broadcast: {} });
}
