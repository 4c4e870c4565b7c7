import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'node:test';
import mattermost from '@mattermost/client';
import type { Client4 as Client4Type } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { startServer, type RunningServer } from '../main.ts';
import { createPostgresDatabase, DRIVERS, type Driver } from './database.ts';
import { deepMerge } from '../config/service.ts';

export const { Client4, ClientError } = mattermost;
export type Client = Client4Type;

export type TestServer = {
  driver: Driver;
  url: string;
  server: RunningServer;
  dir: string;
  configPath: string;
  /** A Client4 pointed at the server, signed out. */
  client(): Client;
  close(): Promise<void>;
};

/**
 * Runs a suite once per database driver: SQLite always, PostgreSQL when reachable (skipped with the reason otherwise,
 * and a failure under PRAT_REQUIRE_ALL=1).
 */
export function describeEachDatabase(title: string, fn: (driver: Driver) => void): void {
  for (const { driver, skip } of DRIVERS) {
    describe(`${title} [${driver}]`, { skip }, () => fn(driver));
  }
}

/** Starts a real server on a random port with a fresh database and data directory. */
export async function startTestServer(driver: Driver, config: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}, opts: { webDir?: string; websocketGateway?: boolean } = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'prat-test-'));
  const pgdb = driver === 'postgres' ? await createPostgresDatabase() : undefined;
  const configPath = join(dir, 'config', 'config.json');
  await mkdir(join(dir, 'config'));
  const base = {
    ServiceSettings: { SiteURL: '', ListenAddress: '127.0.0.1:0', EnableUserAccessTokens: true, EnableDeveloper: true },
    TeamSettings: { EnableOpenServer: true, MaxUsersPerTeam: 1000 },
    SqlSettings: { DriverName: driver, DataSource: pgdb?.url ?? join(dir, 'data', 'prat.db') },
    FileSettings: { Directory: join(dir, 'data', 'files') },
    PasswordSettings: { MinimumLength: 8 },
    LogSettings: { EnableConsole: false },
  };
  await writeFile(configPath, JSON.stringify(deepMerge(base, config), null, 2));
  const server = await startServer({ configPath, env, listen: { host: '127.0.0.1', port: 0 }, logger: false, webDir: opts.webDir ?? join(dir, 'no-web-client'), websocketGateway: opts.websocketGateway });
  return {
    driver,
    url: server.url,
    server,
    dir,
    configPath,
    client() {
      const c = new Client4();
      c.setUrl(server.url);
      return c;
    },
    async close() {
      await server.close();
      await pgdb?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
export const uniqueName = (prefix = 'user') => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export type TestUser = { client: Client; user: UserProfile; password: string; token: string };

/** Signs up a user through the API and logs them in. The first user on a server becomes its system admin. */
export async function makeUser(t: TestServer, fields: Partial<UserProfile> = {}): Promise<TestUser> {
  const client = t.client();
  const username = fields.username ?? uniqueName();
  const password = 'Passw0rd!long';
  await client.createUser({ email: `${username}@example.com`, username, password, ...fields } as UserProfile, '', '');
  const user = await client.login(username, password);
  return { client, user, password, token: client.getToken() };
}

/** Asserts that a promise fails with a Mattermost AppError of the given status (and id, when given). */
export async function expectAppError(promise: Promise<unknown>, status: number, id?: string | RegExp): Promise<InstanceType<typeof ClientError>> {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof ClientError)) throw err;
    const e = err as InstanceType<typeof ClientError> & { status_code?: number; server_error_id?: string };
    if (e.status_code !== status) throw new Error(`expected status ${status}, got ${e.status_code}: ${e.server_error_id} ${e.message}`);
    if (id !== undefined) {
      const ok = typeof id === 'string' ? e.server_error_id === id : id.test(e.server_error_id ?? '');
      if (!ok) throw new Error(`expected error id ${String(id)}, got ${e.server_error_id}: ${e.message}`);
    }
    return e;
  }
  throw new Error(`expected an AppError with status ${status}, but the call succeeded`);
}
