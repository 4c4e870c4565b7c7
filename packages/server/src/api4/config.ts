import { route, type Call, type Route } from './router.ts';
import { badRequest } from '../app/errors.ts';
import { requirePermission } from '../app/permissions.ts';
import { clientConfig } from '../config/client.ts';

export const configRoutes: Route[] = [
  route('GET', '/config', get),
  route('PUT', '/config', replace),
  route('PUT', '/config/patch', patch),
  route('POST', '/config/reload', reload),
  route('GET', '/config/environment', environment),
  route('GET', '/config/client', client, 'optional'),
];

async function get(c: Call) {
  requirePermission(c.session, 'manage_system');
  return c.app.config.masked();
}

async function replace(c: Call) {
  requirePermission(c.session, 'manage_system');
  await c.app.config.replace(c.object('config'));
  return c.app.config.masked();
}

async function patch(c: Call) {
  requirePermission(c.session, 'manage_system');
  await c.app.config.patch(c.object('config'));
  return c.app.config.masked();
}

async function reload(c: Call) {
  requirePermission(c.session, 'manage_system');
  await c.app.config.reload();
  return { status: 'OK' };
}

async function environment(c: Call) {
  requirePermission(c.session, 'manage_system');
  return c.app.config.environment();
}

/** format=old is what every released client sends; Mattermost 11 made it optional, so a missing format is accepted. */
async function client(c: Call) {
  const format = c.query('format');
  if (format !== undefined && format !== 'old') {
    throw badRequest('api.config.client.old_format.app_error', 'New format for the client configuration is not supported yet. Please specify format=old in the query string.');
  }
  return clientConfig(c.app.config.get(), !!c.optionalSession);
}
