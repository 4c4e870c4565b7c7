import { lstat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import mattermost from '@mattermost/client';
import { CliError } from './errors.ts';
import { activeCredentials, credentialsPath, readCredentials, type Credentials } from './credentials.ts';

const { Client4 } = mattermost;

/**
 * Client4 with a way to reach the few Mattermost routes it has no method for (permanent deletes, team privacy, channel
 * moves). Everything still goes through Client4's own request code: headers, token, errors, X-Version-Id.
 */
export class PratClient extends Client4 {
  /** A request to /api/v4`path`; the body is sent as JSON. */
  call<T>(method: 'get' | 'post' | 'put' | 'delete', path: string, body?: unknown): Promise<T> {
    return this.doFetch<T>(`${this.getBaseRoute()}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  }
}

/** Mattermost's default ServiceSettings.LocalModeSocketLocation, which is Prat's too (checked by a test). */
export const DEFAULT_LOCAL_SOCKET = '/var/tmp/mattermost_local.socket';

/** The Mattermost API version this CLI speaks: that of the @mattermost/client it is built on. */
export const CLIENT_API_VERSION: string = (createRequire(import.meta.url)('@mattermost/client/package.json') as { version: string }).version;

export type Connection = {
  client: PratClient;
  /** Where requests go, for messages: the instance URL, or the socket path in local mode. */
  target: string;
  local: boolean;
  credentials?: Credentials;
};

/** Adds https:// when no scheme is given, as mmctl does, and drops trailing slashes. */
export function normalizeUrl(raw: string): string {
  let url = raw.trim();
  if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
  try {
    new URL(url);
  } catch {
    throw new CliError(`"${raw}" is not a valid server URL`);
  }
  return url.replace(/\/+$/, '');
}

export function newClient(url: string, token = ''): PratClient {
  const client = new PratClient();
  client.setUrl(url);
  if (token) client.setToken(token);
  client.setUserAgent(`prat-cli/${CLIENT_API_VERSION}`);
  // Node has no cookie jar; the bearer token is the credential.
  client.setIncludeCookies(false);
  return client;
}

export function localMode(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  const on = (v: string | undefined) => v !== undefined && /^(1|true|yes)$/i.test(v);
  return flag === true || on(env.MMCTL_LOCAL) || on(env.PRAT_LOCAL);
}

export function localSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.MMCTL_LOCAL_SOCKET_PATH || env.PRAT_LOCAL_SOCKET_PATH || DEFAULT_LOCAL_SOCKET;
}

/** The client for a command: over the local socket, or with the active stored credentials. */
export async function connect(opts: { local: boolean; credentialsFile?: string }): Promise<Connection> {
  if (opts.local) {
    const path = localSocketPath();
    await checkSocket(path);
    await routeFetchThroughSocket(path);
    // Any host will do: the socket is the connection. Local mode needs no token.
    return { client: newClient('http://localhost'), target: `the local socket ${path}`, local: true };
  }
  const file = credentialsPath(process.env, opts.credentialsFile);
  const creds = activeCredentials(await readCredentials(file));
  if (!creds) {
    throw new CliError('no active credentials: log in with "prat auth login <url> --name <name> --access-token <token>", pick one with "prat auth set <name>", or use --local on the server host');
  }
  return { client: newClient(creds.instanceUrl, creds.authToken), target: creds.instanceUrl, local: false, credentials: creds };
}

/**
 * As mmctl does: the socket must be a socket, private to its owner (0600), and owned by us (or root), so that a
 * socket planted by another user is never talked to with admin intent.
 */
async function checkSocket(path: string): Promise<void> {
  const st = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') {
      throw new CliError(`no local-mode socket at ${path}: is the server running with ServiceSettings.EnableLocalMode true? (set MMCTL_LOCAL_SOCKET_PATH if it uses another LocalModeSocketLocation)`);
    }
    throw new CliError(`cannot use the local-mode socket ${path}: ${err.message}`);
  });
  if (!st.isSocket()) throw new CliError(`${path} is not a socket`);
  if ((st.mode & 0o777) !== 0o600) throw new CliError(`the local-mode socket ${path} has mode ${(st.mode & 0o777).toString(8)}; it must be 600`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid && st.uid !== 0) throw new CliError(`the local-mode socket ${path} belongs to another user (uid ${st.uid})`);
}

/** Client4 calls the global fetch; in local mode that fetch goes through undici with a dispatcher bound to the socket. */
async function routeFetchThroughSocket(path: string): Promise<void> {
  const undici = await import('undici');
  const dispatcher = new undici.Agent({ connect: { socketPath: path } });
  const socketFetch = (input: unknown, init?: Record<string, unknown>) =>
    undici.fetch(input as Parameters<typeof undici.fetch>[0], { ...(init as Parameters<typeof undici.fetch>[1]), dispatcher });
  globalThis.fetch = socketFetch as unknown as typeof fetch;
}

/**
 * mmctl's check of X-Version-Id ("<major>.<minor>.<patch>.<build>…"): a different major version gets a warning (an
 * error with --strict). Returns the problem, or undefined when the versions agree or the server sent none.
 */
export function versionProblem(header: string | undefined, clientVersion = CLIENT_API_VERSION): string | undefined {
  if (!header) return undefined;
  const parts = header.split('.');
  const server = parts.slice(0, 3).map(Number);
  if (parts.length < 3 || server.some((n) => !Number.isInteger(n))) return `could not check the server version: X-Version-Id "${header}" is not <major>.<minor>.<patch>…`;
  const client = clientVersion.split('.').map(Number);
  if (server[0] !== client[0]) {
    return `the server speaks the Mattermost ${server.slice(0, 3).join('.')} API and this CLI ${clientVersion}: some commands may not work`;
  }
  return undefined;
}
