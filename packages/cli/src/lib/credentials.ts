import { readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeAtomically } from '@prat/server/atomic-write';
import { CliError } from './errors.ts';

/** One stored server, in mmctl's format: "P" password login (a session token), "T" personal access token, "M" password with MFA. */
export type Credentials = {
  name: string;
  username: string;
  authToken: string;
  authMethod: 'P' | 'T' | 'M';
  instanceUrl: string;
  active: boolean;
};

/** mmctl's credentials file: a JSON map of connection name to credentials. */
export type CredentialsList = Record<string, Credentials>;

/** $XDG_CONFIG_HOME/prat/config, falling back to ~/.config/prat/config, as mmctl keeps $XDG_CONFIG_HOME/mmctl/config. */
export function credentialsPath(env: NodeJS.ProcessEnv = process.env, override?: string): string {
  if (override) return override;
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return join(base, 'prat', 'config');
}

/** Reads the file; a missing file is an empty list. */
export async function readCredentials(path: string): Promise<CredentialsList> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`cannot read the credentials file ${path}: ${(err as Error).message}`);
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CliError(`the credentials file ${path} is not valid JSON (${(err as Error).message}); fix it or remove it with "prat auth clean"`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(`the credentials file ${path} must hold a JSON object; fix it or remove it with "prat auth clean"`);
  }
  return parsed as CredentialsList;
}

/**
 * Writes the file readable by its owner only (0600, in a 0700 folder): it holds tokens. A temporary file and a rename
 * mean a crash never leaves half a file, and the mode is set before any token is written.
 */
export async function writeCredentials(path: string, list: CredentialsList): Promise<void> {
  await writeAtomically(path, JSON.stringify(list, null, 2) + '\n', { dirMode: 0o700 });
}

export async function removeCredentialsFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

export function activeCredentials(list: CredentialsList): Credentials | undefined {
  return Object.values(list).find((c) => c.active);
}

/** Makes `name` the one active connection. */
export function activate(list: CredentialsList, name: string): void {
  for (const c of Object.values(list)) c.active = c.name === name;
}
