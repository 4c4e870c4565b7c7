import type { AppContext } from './context.ts';

const HOUR = 60 * 60 * 1000;

/**
 * Background jobs of this node. Today: dropping expired login sessions (they already stop working at expiry; this
 * keeps the table small). Returns a function that stops them. A later scheduler elects one node to run these.
 */
export function scheduleJobs(ctx: AppContext, log: (msg: string, err?: unknown) => void): () => void {
  const cleanSessions = () => {
    ctx.store.sessions.removeExpired(ctx.now()).catch((err: unknown) => log('removing expired sessions failed', err));
  };
  const timer = setInterval(cleanSessions, HOUR);
  timer.unref();
  return () => clearInterval(timer);
}
