import type { FastifyReply } from 'fastify';
import { jsonEtag, route, type Call, type Route } from './router.ts';
import { commit } from '../app/context.ts';
import { AppError, badRequest, noPermission } from '../app/errors.ts';
import { createSession, sessionsEnded } from '../app/sessions.ts';
import {
  checkLogin,
  createUser,
  getUserOr404,
  hashPassword,
  patchUser,
  requireSelfOrAdmin,
  sanitizeUser,
  validatePassword,
  validateSystemRoles,
} from '../app/users.ts';
import { hasPermission, requireChannelPermission, requirePermission, requireTeamPermission } from '../app/permissions.ts';
import { verify as argonVerify } from '@node-rs/argon2';
import { COOKIE_CSRF, COOKIE_TOKEN, COOKIE_USER_ID } from './auth.ts';
import type { UserFilter } from '../store/users.ts';
import { isValidId } from '../app/ids.ts';

export const userRoutes: Route[] = [
  route('POST', '/users', create, 'optional', 201),
  route('POST', '/users/login', login, 'none'),
  route('POST', '/users/logout', logout, 'optional'),
  route('GET', '/users', list),
  route('POST', '/users/ids', byIds),
  route('POST', '/users/usernames', byUsernames),
  route('GET', '/users/autocomplete', autocomplete),
  route('POST', '/users/search', search),
  route('GET', '/users/username/:username', byUsername),
  route('GET', '/users/email/:email', byEmail),
  route('GET', '/users/:user_id', get),
  route('PUT', '/users/:user_id', update),
  route('PUT', '/users/:user_id/patch', patch),
  route('PUT', '/users/:user_id/password', password),
  route('PUT', '/users/:user_id/active', active),
  route('DELETE', '/users/:user_id', deactivate),
  route('PUT', '/users/:user_id/roles', roles),
  route('GET', '/users/:user_id/sessions', sessions),
  route('POST', '/users/:user_id/sessions/revoke', revokeSession),
  route('POST', '/users/:user_id/sessions/revoke/all', revokeAllSessions),
];

async function create(c: Call) {
  const user = await createUser(c.app, c.object('user'), c.optionalSession);
  return sanitizeUser(c.app, user, null, { self: true });
}

async function login(c: Call) {
  const body = c.object('login');
  const user = await checkLogin(c.app, body.login_id, body.password);
  const deviceId = typeof body.device_id === 'string' ? body.device_id.slice(0, 512) : '';
  const { token, session } = await createSession(c.app, user, { deviceId, isMobile: deviceId !== '' });
  c.reply.header('Token', token);
  // Cookies only for browsers, which announce themselves with X-Requested-With.
  if (c.req.headers['x-requested-with'] === 'XMLHttpRequest') setSessionCookies(c, token, user.id, session.csrf_token, session.expires_at);
  return sanitizeUser(c.app, user, session);
}

function setSessionCookies(c: Call, token: string, userId: string, csrf: string, expiresAt: number) {
  const secure = c.req.protocol === 'https';
  const maxAge = Math.max(0, Math.floor((expiresAt - c.app.now()) / 1000));
  const base = { path: '/', maxAge, secure, sameSite: 'lax' as const };
  c.reply.setCookie(COOKIE_TOKEN, token, { ...base, httpOnly: true });
  c.reply.setCookie(COOKIE_USER_ID, userId, base);
  c.reply.setCookie(COOKIE_CSRF, csrf, base);
}

function clearSessionCookies(reply: FastifyReply) {
  for (const name of [COOKIE_TOKEN, COOKIE_USER_ID, COOKIE_CSRF]) reply.clearCookie(name, { path: '/' });
}

async function logout(c: Call) {
  const session = c.optionalSession;
  // A personal access token is not a login: logging out with one leaves the token alone.
  if (session && !session.local && session.props.type !== 'UserAccessToken') {
    await c.app.store.sessions.remove(session.id);
    c.app.bus.publish(sessionsEnded({ sessionIds: [session.id] }));
  }
  clearSessionCookies(c.reply);
  return { status: 'OK' };
}

async function get(c: Call) {
  const user = await getUserOr404(c.app, c.id('user_id'));
  const profile = sanitizeUser(c.app, user, c.session);
  // A digest of what this caller sees (Mattermost tags users by update time and privacy settings).
  if (c.notModified(jsonEtag(profile))) return c.reply;
  return profile;
}

async function byUsername(c: Call) {
  const user = await c.app.store.users.getByUsername(c.param('username'));
  if (!user) throw new AppError('app.user.get_by_username.app_error', 'Unable to find an existing account matching your username for this team.', 404);
  return sanitizeUser(c.app, user, c.session);
}

async function byEmail(c: Call) {
  const user = await c.app.store.users.getByEmail(c.param('email'));
  const canSee = hasPermission(c.session, 'manage_system') || c.app.config.get().PrivacySettings.ShowEmailAddress;
  if (!user || !canSee) throw new AppError('app.user.missing_account.const', 'Unable to find the user.', 404);
  return sanitizeUser(c.app, user, c.session);
}

async function byIds(c: Call) {
  const ids = c.stringArray('user_ids', 1000).filter(isValidId);
  const users = await c.app.store.users.getMany(ids);
  const since = c.int('since', 0);
  return users.filter((u) => u.update_at > since).map((u) => sanitizeUser(c.app, u, c.session));
}

async function byUsernames(c: Call) {
  const users = await c.app.store.users.getByUsernames(c.stringArray('usernames', 1000));
  return users.map((u) => sanitizeUser(c.app, u, c.session));
}

/** Checks the caller may see the team or channel a user filter names. */
async function scopeFilter(c: Call, f: { inTeam?: string; notInTeam?: string; inChannel?: string; notInChannel?: string }): Promise<UserFilter> {
  for (const teamId of [f.inTeam, f.notInTeam]) {
    if (teamId === undefined) continue;
    if (!isValidId(teamId)) throw badRequest('api.context.invalid_url_param.app_error', 'Invalid team id.');
    await requireTeamPermission(c.app, c.session, teamId, 'view_team');
  }
  for (const channelId of [f.inChannel, f.notInChannel]) {
    if (channelId === undefined) continue;
    if (!isValidId(channelId)) throw badRequest('api.context.invalid_url_param.app_error', 'Invalid channel id.');
    await requireChannelPermission(c.app, c.session, channelId, 'read_channel');
  }
  return f;
}

async function list(c: Call) {
  const filter = await scopeFilter(c, {
    inTeam: c.query('in_team'),
    notInTeam: c.query('not_in_team'),
    inChannel: c.query('in_channel'),
    notInChannel: c.query('not_in_channel'),
  });
  if (c.bool('inactive')) filter.inactiveOnly = true;
  if (c.bool('active')) filter.includeInactive = false;
  const role = c.query('role');
  if (role) filter.role = role;
  const sort = c.query('sort');
  if (sort === 'create_at') filter.sort = 'create_at';
  const users = await c.app.store.users.list(filter, c.page());
  return users.map((u) => sanitizeUser(c.app, u, c.session));
}

async function autocomplete(c: Call) {
  const name = c.query('name') ?? '';
  const limit = Math.min(c.int('limit', 100) || 100, 200);
  const teamId = c.query('in_team');
  const channelId = c.query('in_channel');
  const allowEmails = hasPermission(c.session, 'manage_system') || c.app.config.get().PrivacySettings.ShowEmailAddress;
  if (channelId) {
    const scoped = await scopeFilter(c, { inChannel: channelId });
    const users = await c.app.store.users.search(name, { ...scoped, includeInactive: false, allowEmails, limit });
    const channel = await c.app.store.channels.get(channelId);
    const outside = channel?.team_id
      ? await c.app.store.users.search(name, { inTeam: channel.team_id, notInChannel: channelId, includeInactive: false, allowEmails, limit })
      : [];
    return {
      users: users.map((u) => sanitizeUser(c.app, u, c.session)),
      out_of_channel: outside.map((u) => sanitizeUser(c.app, u, c.session)),
    };
  }
  const scoped = await scopeFilter(c, { inTeam: teamId });
  const users = await c.app.store.users.search(name, { ...scoped, includeInactive: false, allowEmails, limit });
  return { users: users.map((u) => sanitizeUser(c.app, u, c.session)) };
}

async function search(c: Call) {
  const body = c.object('search');
  if (typeof body.term !== 'string') throw badRequest('api.context.invalid_body_param.app_error', 'Invalid or missing term in request body.');
  if (body.term.length > 64) throw badRequest('api.user.search.term_too_long.app_error', 'The search term must be at most 64 characters.');
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const filter = await scopeFilter(c, {
    inTeam: str(body.team_id),
    notInTeam: str(body.not_in_team_id),
    inChannel: str(body.in_channel_id),
    notInChannel: str(body.not_in_channel_id),
  });
  const limit = Math.min(typeof body.limit === 'number' && body.limit > 0 ? body.limit : 100, 1000);
  const allowEmails = hasPermission(c.session, 'manage_system') || c.app.config.get().PrivacySettings.ShowEmailAddress;
  const users = await c.app.store.users.search(body.term, { ...filter, includeInactive: body.allow_inactive === true, allowEmails, limit });
  return users.map((u) => sanitizeUser(c.app, u, c.session));
}

async function patch(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  const user = await getUserOr404(c.app, userId);
  const updated = await patchUser(c.app, user, c.object('patch'));
  return sanitizeUser(c.app, updated, c.session);
}

/** PUT /users/{id}: Mattermost's full update; the fields a user may edit are taken, the rest ignored. */
async function update(c: Call) {
  const body = c.object('user');
  if (body.id !== undefined && body.id !== c.id('user_id')) throw badRequest('api.context.invalid_body_param.app_error', 'The user id in the body does not match the URL.');
  return patch(c);
}

async function password(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  const body = c.object('password');
  const user = await getUserOr404(c.app, userId);
  const self = c.session.user_id === userId;
  if (self) {
    if (typeof body.current_password !== 'string' || !user.password || !(await argonVerify(user.password, body.current_password))) {
      throw badRequest('api.user.update_password.incorrect.app_error', 'The "Current Password" you entered is incorrect. Please check that Caps Lock is off and try again.');
    }
  }
  const next = validatePassword(c.app, body.new_password);
  const hashed = await hashPassword(next);
  await commit(c.app, async (store) => {
    await store.users.update(userId, { password: hashed, last_password_update: c.app.now(), failed_attempts: 0, update_at: c.app.now() });
    // Other logins end when the password changes; the caller's own session stays.
    const others = (await store.sessions.listForUser(userId)).filter((s) => s.id !== c.session.id).map((s) => s.id);
    for (const id of others) await store.sessions.remove(id);
    return { result: undefined, events: [sessionsEnded({ sessionIds: others })] };
  });
  return { status: 'OK' };
}

async function active(c: Call) {
  const userId = c.id('user_id');
  const body = c.object('active');
  if (typeof body.active !== 'boolean') throw badRequest('api.context.invalid_body_param.app_error', 'Invalid or missing active in request body.');
  return setActive(c, userId, body.active);
}

async function deactivate(c: Call) {
  return setActive(c, c.id('user_id'), false);
}

async function setActive(c: Call, userId: string, value: boolean) {
  // Users may deactivate themselves; only admins may reactivate anyone or deactivate others.
  if (!(c.session.user_id === userId && !value)) requirePermission(c.session, 'manage_system');
  const user = await getUserOr404(c.app, userId);
  await commit(c.app, async (store) => {
    const now = c.app.now();
    await store.users.update(userId, { delete_at: value ? 0 : now, update_at: now });
    if (!value) await store.sessions.removeForUser(userId);
    const updated = sanitizeUser(c.app, { ...user, delete_at: value ? 0 : now, update_at: now }, null);
    const events = [{ event: 'user_updated', data: { user: updated }, broadcast: {} }];
    return { result: undefined, events: value ? events : [...events, sessionsEnded({ userId })] };
  });
  return { status: 'OK' };
}

async function roles(c: Call) {
  const userId = c.id('user_id');
  requirePermission(c.session, 'manage_roles');
  const next = validateSystemRoles(c.object('roles').roles);
  await getUserOr404(c.app, userId);
  await commit(c.app, async (store) => {
    await store.users.update(userId, { roles: next, update_at: c.app.now() });
    return { result: undefined, events: [{ event: 'user_role_updated', data: { user_id: userId, roles: next }, broadcast: { user_id: userId } }] };
  });
  return { status: 'OK' };
}

async function sessions(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  const list = await c.app.store.sessions.listForUser(userId);
  return list.map(({ token_hash: _h, csrf_token: _c, ...s }) => ({ ...s, token: '' }));
}

async function revokeSession(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  const sessionId = c.object('session').session_id;
  if (!isValidId(sessionId)) throw badRequest('api.context.invalid_body_param.app_error', 'Invalid or missing session_id in request body.');
  const s = await c.app.store.sessions.get(sessionId);
  if (!s || s.user_id !== userId) throw noPermission('revoke_session');
  await c.app.store.sessions.remove(sessionId);
  c.app.bus.publish(sessionsEnded({ sessionIds: [sessionId] }));
  return { status: 'OK' };
}

async function revokeAllSessions(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  await c.app.store.sessions.removeForUser(userId);
  c.app.bus.publish(sessionsEnded({ userId }));
  return { status: 'OK' };
}
