import { readFile } from 'node:fs/promises';
import { writeAtomically } from './atomic-write.ts';
import { dirname } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { AppError, badRequest } from '../app/errors.ts';
import { defaultConfig, MASK, SECRET_KEYS, type Config } from './defaults.ts';
import { readEnvironmentOverrides, type Override } from './environment.ts';
import { isObject, validateConfig, type ConfigProblem } from './validate.ts';

export type ConfigListener = (next: Config, prev: Config) => void;

/** Thrown at start-up when the file or the environment is invalid; lists every problem at once. */
export class ConfigLoadError extends Error {}

/**
 * Owns config.json: the file as written (without environment values), the effective config (file + MM_* overrides),
 * atomic writes, and live change notification. Keys set from the environment are locked against API changes.
 */
export class ConfigService {
  private listeners = new Set<ConfigListener>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly env: NodeJS.ProcessEnv,
    private fileConfig: Config,
    private effective: Config,
    private readonly overrides: Override[],
  ) {}

  /** Loads the file, creating it with defaults when missing; refuses an invalid file or environment. */
  static async load(path: string, env: NodeJS.ProcessEnv = process.env): Promise<ConfigService> {
    const { overrides, problems } = readEnvironmentOverrides(env);
    const fileConfig = await readOrCreate(path);
    let effective = applyOverrides(fileConfig, overrides);
    const all = [...problems, ...validateConfig(effective).map(describe)];
    if (all.length > 0) throw new ConfigLoadError(`Invalid configuration (${path}):\n  ${all.join('\n  ')}`);
    // Only a valid file is ever rewritten.
    if (fillGeneratedSecrets(fileConfig)) {
      await writeAtomically(path, JSON.stringify(fileConfig, null, 2) + '\n');
      effective = applyOverrides(fileConfig, overrides);
    }
    return new ConfigService(path, env, fileConfig, effective, overrides);
  }

  /** The effective config: the file with environment overrides applied. Do not mutate. */
  get(): Config {
    return this.effective;
  }

  /** The effective config with every secret masked, as GET /config shows it. */
  masked(): Config {
    const copy = structuredClone(this.effective);
    for (const path of SECRET_KEYS) {
      if (getPath(copy, path)) setPath(copy, path, MASK);
    }
    return copy;
  }

  /** The variable that locks a key, if any. */
  lockedBy(path: string): string | undefined {
    return this.overrides.find((o) => o.path === path)?.variable;
  }

  /** Keys set by the environment, nested as Mattermost's GET /config/environment returns them. */
  environment(): Record<string, Record<string, boolean>> {
    const out: Record<string, Record<string, boolean>> = {};
    for (const o of this.overrides) {
      const [section, key] = o.path.split('.') as [string, string];
      (out[section] ??= {})[key] = true;
    }
    return out;
  }

  /** Replaces the whole config (PUT /config). Missing keys take their defaults. */
  replace(next: unknown): Promise<Config> {
    return this.serialize(() => {
      if (!isObject(next)) throw badRequest('api.config.update_config.invalid.app_error', 'The config must be a JSON object.');
      return this.write(deepMerge(defaultConfig(), next) as Config);
    });
  }

  /** Merges a partial config into the current one (PUT /config/patch). */
  patch(partial: unknown): Promise<Config> {
    return this.serialize(() => {
      if (!isObject(partial)) throw badRequest('api.config.patch_config.invalid.app_error', 'The config patch must be a JSON object.');
      return this.write(deepMerge(this.effective, partial) as Config);
    });
  }

  /** Re-reads the file (POST /config/reload, SIGHUP). An invalid file is refused and the running config kept. */
  reload(): Promise<Config> {
    return this.serialize(async () => {
      let fileConfig: Config;
      try {
        // A missing file is an error here, not a reason to fall back to defaults under a running server.
        fileConfig = await readOrCreate(this.path, false);
      } catch (err) {
        throw badRequest('api.config.reload_config.app_error', (err as Error).message);
      }
      const effective = applyOverrides(fileConfig, this.overrides);
      this.refuseProblems(validateConfig(effective));
      this.commit(fileConfig, effective);
      return effective;
    });
  }

  onChange(listener: ConfigListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A short hash of the effective config, for X-Version-Id: computed once per config (every response sends it). */
  hash(): string {
    if (this.hashed?.of !== this.effective) {
      this.hashed = { of: this.effective, value: createHash('sha256').update(JSON.stringify(this.effective)).digest('hex').slice(0, 32) };
    }
    return this.hashed.value;
  }
  private hashed?: { of: Config; value: string };

  private async write(candidate: Config): Promise<Config> {
    // A masked secret sent back unchanged means "keep the current value".
    for (const path of SECRET_KEYS) {
      if (getPath(candidate, path) === MASK) setPath(candidate, path, getPath(this.effective, path));
    }
    for (const o of this.overrides) {
      if (JSON.stringify(getPath(candidate, o.path)) !== JSON.stringify(getPath(this.effective, o.path))) {
        throw new AppError(
          'api.config.update_config.locked.app_error',
          `${o.path} is set by the environment variable ${o.variable} and cannot be changed here. Change or unset ${o.variable} and restart the server.`,
          400,
        );
      }
    }
    if (!this.lockedBy('FileSettings.PublicLinkSalt')) fillGeneratedSecrets(candidate);
    this.refuseProblems(validateConfig(candidate));
    if (this.effective.ServiceSettings.SiteURL !== '' && candidate.ServiceSettings.SiteURL === '') {
      throw badRequest('api.config.update_config.clear_siteurl.app_error', 'ServiceSettings.SiteURL cannot be cleared once set.');
    }
    // The file keeps its own values for locked keys: the environment is not written back.
    const fileConfig = structuredClone(candidate);
    for (const o of this.overrides) setPath(fileConfig, o.path, getPath(this.fileConfig, o.path));
    await writeAtomically(this.path, JSON.stringify(fileConfig, null, 2) + '\n');
    this.commit(fileConfig, candidate);
    return candidate;
  }

  private refuseProblems(problems: ConfigProblem[]): void {
    if (problems.length === 0) return;
    const first = problems[0]!;
    throw new AppError(
      `model.config.is_valid.${first.field.replace('.', '_').toLowerCase()}.app_error`,
      `Invalid value for ${first.field}: ${first.message}.`,
      400,
      problems.map(describe).join('; '),
    );
  }

  private commit(fileConfig: Config, effective: Config): void {
    const prev = this.effective;
    this.fileConfig = fileConfig;
    this.effective = effective;
    for (const listener of this.listeners) listener(effective, prev);
  }

  // Writes run one at a time so two concurrent patches cannot lose each other's changes.
  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

const describe = (p: ConfigProblem) => `${p.field}: ${p.message}`;

/**
 * Secrets Mattermost generates when a config has none (its SetDefaults): FileSettings.PublicLinkSalt, which signs
 * public file links. Fills them in place; true when it did.
 */
function fillGeneratedSecrets(config: Config): boolean {
  if (config.FileSettings.PublicLinkSalt !== '') return false;
  // Mattermost's NewRandomString(32): 32 characters of its base32 alphabet.
  const alphabet = 'ybndrfg8ejkmcpqxot1uwisza345h769';
  config.FileSettings.PublicLinkSalt = [...randomBytes(32)].map((b) => alphabet[b % 32]).join('');
  return true;
}

async function readOrCreate(path: string, create = true): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !create) throw new ConfigLoadError(`${path} cannot be read: ${(err as Error).message}`);
    const fresh = defaultConfig();
    await writeAtomically(path, JSON.stringify(fresh, null, 2) + '\n');
    return fresh;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigLoadError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(parsed)) throw new ConfigLoadError(`${path} must hold a JSON object`);
  return deepMerge(defaultConfig(), parsed) as Config;
}

function applyOverrides(fileConfig: Config, overrides: Override[]): Config {
  const effective = structuredClone(fileConfig);
  for (const o of overrides) setPath(effective, o.path, o.value);
  return effective;
}

/** Objects merge key by key; anything else (arrays included) replaces. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return structuredClone(over);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : structuredClone(v);
  return out;
}

function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), obj);
}

function setPath(obj: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  let cur = obj as Record<string, unknown>;
  for (const k of keys) cur = (cur[k] ??= {}) as Record<string, unknown>;
  cur[last] = value;
}
