import { mkdir } from 'node:fs/promises';
import { ConfigService } from './config/service.ts';
import { openStore } from './store/kysely/store.ts';
import { buildApp, type PratApp } from './app.ts';

export type RunningServer = PratApp & { url: string; close(): Promise<void> };

/** Parses Mattermost's ListenAddress (":8065", "127.0.0.1:8065", "[::1]:8065"). */
export function parseListenAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i).replace(/^\[|\]$/g, '');
  return { host: host === '' ? '::' : host, port: Number(address.slice(i + 1)) };
}

/** Loads the config, opens and migrates the database, and listens. Nothing else happens at start. */
export async function startServer(opts: { configPath: string; env?: NodeJS.ProcessEnv; listen?: { host: string; port: number }; logger?: boolean }): Promise<RunningServer> {
  const config = await ConfigService.load(opts.configPath, opts.env ?? process.env);
  const cfg = config.get();
  const store = await openStore({ driver: cfg.SqlSettings.DriverName as 'sqlite' | 'postgres', dataSource: cfg.SqlSettings.DataSource, maxConnections: Math.min(cfg.SqlSettings.MaxOpenConns, 50) });
  await mkdir(cfg.FileSettings.Directory, { recursive: true });
  const app = await buildApp({ config, store, logger: opts.logger });
  const where = opts.listen ?? parseListenAddress(cfg.ServiceSettings.ListenAddress);
  try {
    await app.http.listen({ host: where.host, port: where.port });
  } catch (err) {
    await store.close();
    throw err;
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
        await app.http.close();
        await app.ctx.bus.close();
        await store.close();
      })()),
  };
}
