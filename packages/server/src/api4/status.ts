import { route, type Call, type Route } from './router.ts';
import { badRequest } from '../app/errors.ts';
import { requireSelfOrAdmin } from '../app/users.ts';
import { isValidId } from '../app/ids.ts';
import type { StatusValue } from '../app/status.ts';

export const statusRoutes: Route[] = [
  route('GET', '/users/:user_id/status', get),
  route('PUT', '/users/:user_id/status', set),
  route('POST', '/users/status/ids', byIds),
];

const VALUES: ReadonlySet<string> = new Set(['online', 'away', 'dnd', 'offline']);

async function get(c: Call) {
  return c.app.status.get(c.id('user_id'));
}

async function byIds(c: Call) {
  const ids = c.stringArray('user_ids', 1000);
  if (!ids.every(isValidId)) throw badRequest('api.context.invalid_body_param.app_error', 'Every user id must be a valid id.');
  return c.app.status.getMany(ids);
}

/** PUT /users/{id}/status: online, away, dnd (with optional dnd_end_time in seconds) or offline. */
async function set(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  const body = c.object('status');
  if (body.user_id !== userId) throw badRequest('api.context.invalid_body_param.app_error', 'user_id in the body must match the URL.');
  if (typeof body.status !== 'string' || !VALUES.has(body.status)) {
    throw badRequest('api.status.invalid.app_error', 'status must be one of online, away, dnd, offline.');
  }
  const dndEnd = typeof body.dnd_end_time === 'number' && body.dnd_end_time > 0 ? body.dnd_end_time : 0;
  return c.app.status.setManual(userId, body.status as StatusValue, dndEnd);
}
