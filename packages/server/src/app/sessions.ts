import { createHash } from 'node:crypto';
import type { AppContext } from './context.ts';
import type { SessionRecord } from '../store/sessions.ts';
import type { UserRecord } from '../store/users.ts';
import { newId, newToken } from './ids.ts';
import { SESSIONS_ENDED, type ServerEvent } from '../realtime/bus.ts';

/** An authenticated request's session, as Mattermost's Session shape (the token itself is never kept). */
export type Session = {
  id: string;
  user_id: string;
  roles: string;
  create_at: number;
  expires_at: number;
  last_activity_at: number;
  device_id: string;
  is_oauth: boolean;
  csrf_token: string;
  props: Record<string, string>;
  /** True for the local-mode socket: full rights, no user. */
  local: boolean;
};

/** Tokens are stored only as their SHA-256: the database never holds a usable credential. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const ACTIVITY_WRITE_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Records a session's last activity without holding up the request that shows it: nothing in the request depends on
 * the write (a commit, on PostgreSQL a WAL flush). The time is informational (the session list), so a write that
 * fails is not retried before the next interval.
 */
function touch(ctx: AppContext, sessionId: string, now: number): void {
  ctx.store.sessions.touch(sessionId, now).catch(() => undefined);
}

export async function createSession(ctx: AppContext, user: UserRecord, opts: { deviceId?: string; isMobile?: boolean } = {}) {
  const now = ctx.now();
  const cfg = ctx.config.get().ServiceSettings;
  const hours = opts.isMobile ? cfg.SessionLengthMobileInHours : cfg.SessionLengthWebInHours;
  const token = newToken();
  const record: SessionRecord = {
    id: newId(),
    token_hash: hashToken(token),
    user_id: user.id,
    create_at: now,
    expires_at: now + hours * 3600 * 1000,
    last_activity_at: now,
    device_id: opts.deviceId ?? '',
    roles: user.roles,
    is_oauth: false,
    csrf_token: newToken(),
    props: {},
  };
  await ctx.store.sessions.insert(record);
  return { token, session: toSession(record) };
}

function toSession(r: SessionRecord): Session {
  const { token_hash: _hash, ...rest } = r;
  return { ...rest, local: false };
}

/**
 * Resolves a bearer token: a login session, or a personal access token (which never expires). Resolved tokens are
 * cached (ctx.sessionCache); every change that ends a session or changes its user drops the entry at once (see
 * SessionCache), so a revoked token or a deactivated user is refused from the next request on.
 */
export async function authenticateToken(ctx: AppContext, token: string, opts: { forReads?: boolean } = {}): Promise<Session | undefined> {
  if (!token || token.length > 64) return undefined;
  const hash = hashToken(token);
  const now = ctx.now();
  const cache = ctx.sessionCache;
  const hit = cache?.get(hash, now);
  if (hit) {
    const s = hit.session;
    if (hit.personal) {
      if (ctx.config.get().ServiceSettings.EnableUserAccessTokens) return { ...s, last_activity_at: now };
      return undefined;
    }
    if (s.expires_at === 0 || s.expires_at >= now) {
      if (now - s.last_activity_at > ACTIVITY_WRITE_INTERVAL_MS) {
        touch(ctx, s.id, now);
        s.last_activity_at = now;
      }
      return { ...s };
    }
    // Expired: the database path below removes it.
    cache!.delete(hash);
  }
  const epoch = cache?.begin() ?? 0;
  // The user's channel roles come along for the read checks (ChannelReadGrants) their first requests will make; not
  // for a WebSocket (forReads: false), which reads no channel: with 10,000 sockets connecting, loading every user's
  // memberships raised the idle server's memory at rest from ≈ 275 to ≈ 350 MB.
  const grants = opts.forReads === false ? undefined : ctx.readGrants;
  const grantsEpoch = grants?.begin() ?? 0;
  const found = await ctx.store.sessions.getByTokenHash(hash, grants !== undefined);
  if (found) {
    const { session: record, user } = found;
    if (record.expires_at !== 0 && record.expires_at < now) {
      await ctx.store.sessions.remove(record.id);
      return undefined;
    }
    if (!user || user.delete_at !== 0) return undefined;
    if (now - record.last_activity_at > ACTIVITY_WRITE_INTERVAL_MS) {
      touch(ctx, record.id, now);
      record.last_activity_at = now;
    }
    const session = { ...toSession(record), roles: user.roles };
    cache?.set(hash, session, false, epoch, now);
    if (found.channelRoles) grants?.load(record.user_id, found.channelRoles, grantsEpoch, now);
    return { ...session };
  }
  const pat = await ctx.store.accessTokens.getByTokenHash(hash);
  if (!pat || !pat.is_active || !ctx.config.get().ServiceSettings.EnableUserAccessTokens) return undefined;
  const user = await ctx.store.users.get(pat.user_id);
  if (!user || user.delete_at !== 0) return undefined;
  const session: Session = {
    id: pat.id,
    user_id: user.id,
    roles: user.roles,
    create_at: pat.create_at,
    expires_at: 0,
    last_activity_at: now,
    device_id: '',
    is_oauth: false,
    csrf_token: '',
    props: { type: 'UserAccessToken', user_access_token_id: pat.id },
    local: false,
  };
  cache?.set(hash, session, true, epoch, now);
  return { ...session };
}

/** The session the local-mode socket acts with: a system admin with no user behind it. */
export function localSession(now: number): Session {
  return {
    id: 'local',
    user_id: '',
    roles: 'system_admin',
    create_at: now,
    expires_at: 0,
    last_activity_at: now,
    device_id: '',
    is_oauth: false,
    csrf_token: '',
    props: {},
    local: true,
  };
}

/** The event that closes the WebSockets of ended sessions on every node. */
export function sessionsEnded(ended: { sessionIds?: string[]; userId?: string }): ServerEvent {
  return { event: SESSIONS_ENDED, data: { session_ids: ended.sessionIds ?? [], user_id: ended.userId ?? '' }, broadcast: {} };
}
