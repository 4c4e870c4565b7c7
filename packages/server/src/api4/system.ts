import { route, type Call, type Route } from './router.ts';
import { API_VERSION } from '../version.ts';
import { stat } from 'node:fs/promises';
import { invalidateCaches } from '../app/caches.ts';

export const systemRoutes: Route[] = [
  route('GET', '/system/ping', ping, 'none'),
  route('POST', '/caches/invalidate', purgeCaches),
];

async function purgeCaches(c: Call) {
  invalidateCaches(c.app, c.session);
  return { status: 'OK' };
}

/** GET /system/ping: "OK", and with get_server_status=true the database and file store health. */
async function ping(c: Call) {
  const body: Record<string, unknown> = { status: 'OK', ActiveSearchBackend: 'database', AndroidLatestVersion: '', AndroidMinVersion: '', IosLatestVersion: '', IosMinVersion: '', version: API_VERSION };
  if (!c.bool('get_server_status')) return body;
  const database = await c.app.store.ping().then(
    () => 'OK',
    () => 'UNHEALTHY',
  );
  const filestore = await stat(c.app.config.get().FileSettings.Directory).then(
    (s) => (s.isDirectory() ? 'OK' : 'UNHEALTHY'),
    () => 'UNHEALTHY',
  );
  body.database_status = database;
  body.filestore_status = filestore;
  c.reply.header('database_status', database).header('filestore_status', filestore);
  if (database !== 'OK' || filestore !== 'OK') {
    body.status = 'UNHEALTHY';
    if (!c.bool('use_rest_semantics')) c.reply.code(500);
  }
  return body;
}
