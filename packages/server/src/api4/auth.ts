import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { authenticateToken, type Session } from '../app/sessions.ts';
import { unauthorized } from '../app/errors.ts';

export const COOKIE_TOKEN = 'MMAUTHTOKEN';
export const COOKIE_USER_ID = 'MMUSERID';
export const COOKIE_CSRF = 'MMCSRF';

type Found = { token: string; fromCookie: boolean };

/** Mattermost's order: the MMAUTHTOKEN cookie, then Authorization (Bearer or Token), then ?access_token=. */
export function findToken(req: FastifyRequest): Found | undefined {
  const cookie = req.cookies?.[COOKIE_TOKEN];
  if (cookie) return { token: cookie, fromCookie: true };
  const header = req.headers.authorization;
  if (header) {
    const match = /^(bearer|token)\s+(\S+)$/i.exec(header.trim());
    if (match) return { token: match[2]!, fromCookie: false };
  }
  const query = (req.query as Record<string, unknown> | undefined)?.access_token;
  if (typeof query === 'string' && query) return { token: query, fromCookie: false };
  return undefined;
}

/**
 * Resolves the request's session. A cookie-authenticated write must carry the session's CSRF token
 * (X-CSRF-Token), or X-Requested-With: XMLHttpRequest unless ExperimentalStrictCSRFEnforcement is on.
 */
export async function resolveSession(ctx: AppContext, req: FastifyRequest): Promise<Session | null> {
  const found = findToken(req);
  if (!found) return null;
  const session = await authenticateToken(ctx, found.token);
  if (!session) throw expired();
  if (found.fromCookie && req.method !== 'GET' && req.method !== 'HEAD') {
    const csrf = req.headers['x-csrf-token'];
    const strict = ctx.config.get().ServiceSettings.ExperimentalStrictCSRFEnforcement;
    const ok = csrf === session.csrf_token || (!strict && req.headers['x-requested-with'] === 'XMLHttpRequest');
    if (!ok) throw expired();
  }
  return session;
}

export const expired = () => unauthorized('api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
