import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real `prat` binary, run as users run it. */
export const BIN = fileURLToPath(new URL('../../bin/prat.js', import.meta.url));

export type Result = { code: number | null; stdout: string; stderr: string };

/** The caller's environment without anything that would steer prat (MM_*, MMCTL_*, PRAT_*, editors). */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(MM_|MMCTL_|PRAT_)/.test(k) || k === 'EDITOR' || k === 'VISUAL' || k === 'XDG_CONFIG_HOME') continue;
    env[k] = v;
  }
  return env;
}

/**
 * A user of the CLI with a home of their own: credentials land in a fresh $XDG_CONFIG_HOME. Commands run in a child
 * process (asynchronously: the server under test answers from this same process).
 */
export class CliUser {
  /** A user whose home (and $XDG_CONFIG_HOME, and $TMPDIR) is `home`. */
  constructor(readonly home: string) {}

  static async create(): Promise<CliUser> {
    return new CliUser(await mkdtemp(join(tmpdir(), 'prat-cli-')));
  }

  get configHome(): string {
    return join(this.home, 'config');
  }

  get credentialsFile(): string {
    return join(this.configHome, 'prat', 'config');
  }

  /** Starts a command and hands back the child, for commands that keep running (post list --follow). */
  start(args: string[], opts: { env?: Record<string, string> } = {}): ChildProcessWithoutNullStreams {
    return spawn(process.execPath, [BIN, ...args], {
      cwd: this.home,
      env: { ...baseEnv(), HOME: this.home, XDG_CONFIG_HOME: this.configHome, TMPDIR: this.home, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  run(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<Result> {
    const child = this.start(args, opts);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(opts.input ?? '');
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** Runs a command that must succeed and returns its stdout. */
  async ok(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<string> {
    const r = await this.run(args, opts);
    if (r.code !== 0) throw new Error(`prat ${args.join(' ')} exited with ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r.stdout;
  }

  /** Runs a command with --json that must succeed, and parses what it printed. */
  async json<T = unknown>(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<T> {
    return JSON.parse(await this.ok([...args, '--json'], opts)) as T;
  }

  /** Runs a command that must fail, and returns its output. */
  async fails(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<Result> {
    const r = await this.run(args, opts);
    if (r.code === 0) throw new Error(`prat ${args.join(' ')} should have failed\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r;
  }

  async remove(): Promise<void> {
    await rm(this.home, { recursive: true, force: true });
  }
}
