import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { ConfigService } from './config/service.ts';
import { openStore } from './store/kysely/store.ts';
import { buildApp, buildLocalApi, type PratApp } from './app.ts';
import { DEFAULT_WEB_DIR } from './web.ts';

export type RunningServer = PratApp & { url: string; close(): Promise<void> };

/** Parses Mattermost's ListenAddress (":8065", "127.0.0.1:8065", "[::1]:8065"). */
export function parseListenAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i).replace(/^\[|\]$/g, '');
  return { host: host === '' ? '::' : host, port: Number(address.slice(i + 1)) };
}

/** Loads the config, opens and migrates the database, and listens. Nothing else happens at start. */
export async function startServer(opts: {
  configPath: string;
  env?: NodeJS.ProcessEnv;
  listen?: { host: string; port: number };
  logger?: boolean;
  webDir?: string;
  websocketGateway?: boolean;
}): Promise<RunningServer> {
  const config = await ConfigService.load(opts.configPath, opts.env ?? process.env);
  const cfg = config.get();
  const store = await openStore({
    driver: cfg.SqlSettings.DriverName as 'sqlite' | 'postgres',
    dataSource: cfg.SqlSettings.DataSource,
    maxConnections: Math.min(cfg.SqlSettings.MaxOpenConns, 50),
    maxIdleMs: cfg.SqlSettings.ConnMaxIdleTimeMilliseconds,
    maxLifetimeMs: cfg.SqlSettings.ConnMaxLifetimeMilliseconds,
  });
  await mkdir(cfg.FileSettings.Directory, { recursive: true });
  const app = await buildApp({
    config,
    store,
    logger: opts.logger,
    webDir: opts.webDir ?? process.env.PRAT_WEB_DIR ?? DEFAULT_WEB_DIR,
    websocketGateway: opts.websocketGateway ?? process.env.PRAT_WEBSOCKET_GATEWAY !== '0',
  });
  const where = opts.listen ?? parseListenAddress(cfg.ServiceSettings.ListenAddress);
  try {
    await app.http.listen({ host: where.host, port: where.port });
  } catch (err) {
    await app.http.close();
    await store.close();
    throw err;
  }
  let local: FastifyInstance | undefined;
  if (cfg.ServiceSettings.EnableLocalMode) {
    try {
      local = await listenLocal(app, cfg.ServiceSettings.LocalModeSocketLocation, opts.logger);
    } catch (err) {
      await app.http.close();
      await store.close();
      throw err;
    }
  }
  const addr = app.http.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : where.port;
  let closing: Promise<void> | undefined;
  return {
    ...app,
    url: `http://${where.host === '::' || where.host === '0.0.0.0' ? 'localhost' : where.host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        // Stop accepting, let in-flight requests finish, then close the database.
        if (local) await closeLocal(local, cfg.ServiceSettings.LocalModeSocketLocation);
        await app.http.close();
        await app.ctx.bus.close();
        await store.close();
      })()),
  };
}

/**
 * Local mode (mmctl --local): the API on a Unix socket, usable only by the server's own user. A socket left by a
 * crashed run is removed first; any other kind of file at that path is an error, never deleted.
 */
async function listenLocal(app: PratApp, path: string, logger?: boolean): Promise<FastifyInstance> {
  const existing = await lstat(path).catch(() => undefined);
  if (existing && !existing.isSocket()) throw new Error(`ServiceSettings.LocalModeSocketLocation ${path} exists and is not a socket`);
  if (existing) await unlink(path);
  const local = await buildLocalApi(app.ctx, { logger });
  await local.listen({ path });
  await chmod(path, 0o600);
  return local;
}

async function closeLocal(local: FastifyInstance, path: string): Promise<void> {
  await local.close();
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}
