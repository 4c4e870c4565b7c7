import { route, type Call, type Route } from './router.ts';
import { createAccessToken, getTokenOr404, publicToken, requireTokenPermission, requireTokensEnabled } from '../app/access-tokens.ts';
import { requirePermission } from '../app/permissions.ts';
import { sessionsEnded } from '../app/sessions.ts';

export const accessTokenRoutes: Route[] = [
  route('POST', '/users/:user_id/tokens', create),
  route('GET', '/users/:user_id/tokens', listForUser),
  route('GET', '/users/tokens', listAll),
  route('GET', '/users/tokens/:token_id', get),
  route('POST', '/users/tokens/revoke', revoke),
  route('POST', '/users/tokens/disable', (c) => setActive(c, false)),
  route('POST', '/users/tokens/enable', (c) => setActive(c, true)),
];

async function create(c: Call) {
  requireTokensEnabled(c.app);
  const userId = c.id('user_id');
  requireTokenPermission(c.session, userId, 'create_user_access_token');
  return createAccessToken(c.app, userId, c.object('token').description);
}

async function listForUser(c: Call) {
  const userId = c.id('user_id');
  requireTokenPermission(c.session, userId, 'read_user_access_token');
  return (await c.app.store.accessTokens.listForUser(userId, c.page())).map(publicToken);
}

async function listAll(c: Call) {
  requirePermission(c.session, 'manage_system');
  return (await c.app.store.accessTokens.listAll(c.page())).map(publicToken);
}

async function get(c: Call) {
  const token = await getTokenOr404(c.app, c.param('token_id'));
  requireTokenPermission(c.session, token.user_id, 'read_user_access_token');
  return publicToken(token);
}

async function revoke(c: Call) {
  const token = await getTokenOr404(c.app, c.object('token').token_id);
  requireTokenPermission(c.session, token.user_id, 'revoke_user_access_token');
  await c.app.store.accessTokens.remove(token.id);
  c.app.bus.publish(sessionsEnded({ sessionIds: [token.id] }));
  return { status: 'OK' };
}

async function setActive(c: Call, active: boolean) {
  const token = await getTokenOr404(c.app, c.object('token').token_id);
  requireTokenPermission(c.session, token.user_id, active ? 'create_user_access_token' : 'revoke_user_access_token');
  if (active) requireTokensEnabled(c.app);
  await c.app.store.accessTokens.setActive(token.id, active);
  if (!active) c.app.bus.publish(sessionsEnded({ sessionIds: [token.id] }));
  return { status: 'OK' };
}
