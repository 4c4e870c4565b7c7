import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { UserProfile } from '@mattermost/types/users';
import { credentialsOption, examples, run, type Ctx } from '../lib/run.ts';
import { newClient, normalizeUrl, type PratClient } from '../lib/client.ts';
import {
  activate,
  credentialsPath,
  readCredentials,
  removeCredentialsFile,
  writeCredentials,
  type Credentials,
  type CredentialsList,
} from '../lib/credentials.ts';
import { CliError, isApiError, statusOf } from '../lib/errors.ts';
import { ask, askSecret } from '../lib/prompt.ts';

type SecretOpts = { password?: string; passwordFile?: string; accessToken?: string; accessTokenFile?: string; mfaToken?: string };
type LoginOpts = SecretOpts & { name?: string; username?: string; activate: boolean };

/** `prat auth`: stored credentials for several servers side by side, in mmctl's file format. */
export function authCommand(): Command {
  const auth = new Command('auth').description('Manage the credentials of the servers prat talks to').addOption(credentialsOption());
  examples(
    auth,
    'prat auth login https://chat.example.org --name example --access-token <token>',
    'prat auth list',
    'prat auth set example',
  );

  const login = withSecrets(
    new Command('login')
      .description('Log in to a server and store its credentials (checked against the server first)')
      .argument('<instance-url>', 'the server, e.g. https://chat.example.org')
      .option('-n, --name <name>', 'a name for this connection')
      .option('-u, --username <username>', 'username (or email) for a password login')
      .option('--no-activate', 'store the credentials without making them the active ones'),
  ).action(run(loginAction));
  examples(
    login,
    'prat auth login https://chat.example.org --name example --access-token <token>',
    'prat auth login https://chat.example.org --name example --access-token-file ~/.prat-token',
    'prat auth login https://chat.example.org --name example --username anne   # asks for the password',
  );

  const list = new Command('list').description('List the stored credentials').action(run(listAction));
  const current = new Command('current').description('Show the active credentials').action(run(currentAction));
  const set = new Command('set').description('Make stored credentials the active ones').argument('<name>', 'connection name').action(run(setAction));
  const del = new Command('delete').description('Delete stored credentials').argument('<name>', 'connection name').action(run(deleteAction));
  const renew = withSecrets(
    new Command('renew').description('Log in again with stored credentials (a new password session, or a new access token)').argument('<name>', 'connection name'),
  ).action(run(renewAction));
  const clean = new Command('clean').description('Remove every stored credential').action(run(cleanAction));
  examples(set, 'prat auth set example');
  examples(del, 'prat auth delete example');
  examples(renew, 'prat auth renew example   # asks for the password', 'prat auth renew example --access-token-file ~/.prat-token');
  examples(list, 'prat auth list', 'prat auth list --json');
  examples(current, 'prat auth current');
  examples(clean, 'prat auth clean');
  for (const c of [login, list, current, set, del, renew, clean]) auth.addCommand(c);
  return auth;
}

function withSecrets(cmd: Command): Command {
  return cmd
    .option('-p, --password <password>', 'password (asked for, without echo, when missing)')
    .option('--password-file <file>', 'read the password from a file')
    .option('-t, --access-token <token>', 'a personal access token instead of a password')
    .option('-a, --access-token-file <file>', 'read the personal access token from a file')
    .option('-m, --mfa-token <code>', 'multi-factor authentication code');
}

async function fromFile(path: string, what: string): Promise<string> {
  try {
    const value = (await readFile(path, 'utf8')).trim();
    if (value === '') throw new CliError(`${path} is empty: it should hold the ${what}`);
    return value;
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read the ${what} from ${path}: ${(err as Error).message}`);
  }
}

async function accessTokenOf(opts: SecretOpts): Promise<string | undefined> {
  if (opts.accessToken !== undefined && opts.accessTokenFile !== undefined) throw new CliError('give --access-token or --access-token-file, not both');
  if (opts.accessTokenFile !== undefined) return fromFile(opts.accessTokenFile, 'access token');
  if (opts.accessToken !== undefined) {
    if (opts.accessToken.trim() === '') throw new CliError('--access-token is empty');
    return opts.accessToken.trim();
  }
  return undefined;
}

async function passwordOf(opts: SecretOpts, username: string): Promise<string> {
  if (opts.password !== undefined && opts.passwordFile !== undefined) throw new CliError('give --password or --password-file, not both');
  if (opts.passwordFile !== undefined) return fromFile(opts.passwordFile, 'password');
  if (opts.password !== undefined) return opts.password;
  return askSecret(`Password for ${username}: `, 'a password is needed: give --password or --password-file, or run in a terminal to be asked');
}

/** Checks the server answers as Mattermost does before any credential is sent to it. */
async function checkServer(client: PratClient, url: string): Promise<void> {
  let ping: unknown;
  try {
    ping = await client.ping(false);
  } catch (err) {
    if (isApiError(err)) throw new CliError(`${url} did not answer as a Prat or Mattermost server (GET /api/v4/system/ping failed: ${err.message || 'no API error in the response'})`);
    throw err;
  }
  if (typeof ping !== 'object' || ping === null || (ping as { status?: unknown }).status !== 'OK') {
    throw new CliError(`${url} did not answer as a Prat or Mattermost server (GET /api/v4/system/ping gave no status "OK")`);
  }
}

/** Checks a token by asking who it belongs to. */
async function userOfToken(client: PratClient, url: string): Promise<UserProfile> {
  try {
    return await client.getMe();
  } catch (err) {
    if (statusOf(err) === 401) throw new CliError(`the access token was not accepted by ${url}: ${(err as Error).message}`);
    throw err;
  }
}

/** A password login; Client4 keeps the session token from the Token header. */
async function passwordLogin(client: PratClient, url: string, username: string, password: string, mfa?: string): Promise<UserProfile> {
  try {
    return await client.login(username, password, mfa ?? '');
  } catch (err) {
    if (statusOf(err) === 401) throw new CliError(`${url} refused the login of "${username}": ${(err as Error).message}`);
    throw err;
  }
}

/** Verifies the secrets against the server and returns the credentials to store. */
async function authenticate(ctx: Ctx, url: string, name: string, username: string | undefined, opts: SecretOpts): Promise<Credentials> {
  const client = newClient(url);
  ctx.adopt({ client, target: url, local: false });
  await checkServer(client, url);
  const token = await accessTokenOf(opts);
  if (token !== undefined) {
    client.setToken(token);
    const me = await userOfToken(client, url);
    return { name, username: me.username, authToken: token, authMethod: 'T', instanceUrl: url, active: false };
  }
  const login = username ?? (await ask('Username: ', 'give --username and a password, or --access-token'));
  const me = await passwordLogin(client, url, login, await passwordOf(opts, login), opts.mfaToken);
  return { name, username: me.username, authToken: client.getToken(), authMethod: opts.mfaToken ? 'M' : 'P', instanceUrl: url, active: false };
}

async function store(ctx: Ctx, update: (list: CredentialsList) => void): Promise<void> {
  const path = credentialsPath(process.env, ctx.g.config);
  const list = await readCredentials(path);
  update(list);
  await writeCredentials(path, list);
}

async function loginAction(ctx: Ctx, rawUrl: string, opts: LoginOpts): Promise<void> {
  const url = normalizeUrl(rawUrl);
  const name = opts.name ?? (await ask('Connection name: ', 'give the connection a name with --name'));
  const creds = await authenticate(ctx, url, name, opts.username, opts);
  await store(ctx, (list) => {
    const hadActive = Object.values(list).some((c) => c.active && c.name !== name);
    list[name] = creds;
    if (opts.activate || !hadActive) activate(list, name);
    else creds.active = false;
  });
  ctx.out.print(publicView(creds), `Credentials for "${name}": "${creds.username}@${url}" stored${creds.active ? ' and active' : ''}.`);
}

/** Credentials as printed: never the token. */
const publicView = ({ authToken: _t, ...rest }: Credentials) => rest;

async function listAction(ctx: Ctx): Promise<void> {
  const list = Object.values(await readCredentials(credentialsPath(process.env, ctx.g.config))).sort((a, b) => a.name.localeCompare(b.name));
  ctx.out.list(
    list,
    [
      ['ACTIVE', (c) => (c.active ? '*' : '')],
      ['NAME', (c) => c.name],
      ['USERNAME', (c) => c.username],
      ['METHOD', (c) => ({ P: 'password', T: 'access token', M: 'password + MFA' })[c.authMethod] ?? c.authMethod],
      ['INSTANCE URL', (c) => c.instanceUrl],
    ],
    { json: list.map(publicView), empty: 'No credentials stored. Log in with "prat auth login <url> --name <name> --access-token <token>".' },
  );
}

async function currentAction(ctx: Ctx): Promise<void> {
  const list = await readCredentials(credentialsPath(process.env, ctx.g.config));
  const creds = Object.values(list).find((c) => c.active);
  if (!creds) throw new CliError('no active credentials: log in with "prat auth login", or pick stored ones with "prat auth set <name>"');
  ctx.out.print(publicView(creds), `Found credentials for connection "${creds.name}" as user "${creds.username}" on "${creds.instanceUrl}"`);
}

function named(list: CredentialsList, name: string): Credentials {
  const creds = list[name];
  if (!creds) {
    const names = Object.keys(list);
    throw new CliError(`no credentials named "${name}"${names.length ? ` (stored: ${names.join(', ')})` : ''}`);
  }
  return creds;
}

async function setAction(ctx: Ctx, name: string): Promise<void> {
  await store(ctx, (list) => {
    named(list, name);
    activate(list, name);
  });
  ctx.out.print({ name, active: true }, `Credentials for server "${name}" set as active`);
}

async function deleteAction(ctx: Ctx, name: string): Promise<void> {
  await store(ctx, (list) => {
    named(list, name);
    delete list[name];
  });
  ctx.out.print({ name, deleted: true }, `Credentials for "${name}" successfully removed`);
}

async function renewAction(ctx: Ctx, name: string, opts: SecretOpts): Promise<void> {
  const path = credentialsPath(process.env, ctx.g.config);
  const old = named(await readCredentials(path), name);
  const secrets = { ...opts };
  if (old.authMethod === 'T' && (await accessTokenOf(opts)) === undefined) {
    secrets.accessToken = await askSecret(`Access token for ${old.username}: `, `"${name}" logs in with an access token: give --access-token or --access-token-file`);
  }
  const creds = await authenticate(ctx, old.instanceUrl, name, old.username, secrets);
  await store(ctx, (list) => {
    list[name] = { ...creds, active: list[name]?.active ?? old.active };
  });
  ctx.out.print(publicView(creds), `Credentials for server "${name}" successfully renewed`);
}

async function cleanAction(ctx: Ctx): Promise<void> {
  await removeCredentialsFile(credentialsPath(process.env, ctx.g.config));
  ctx.out.print({ removed: true }, 'Removed every stored credential');
}
