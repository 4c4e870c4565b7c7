import { Command, Option } from 'commander';
import { Output } from './output.ts';
import { connect, localMode, versionProblem, type Connection, type PratClient } from './client.ts';
import { CliError, describeError } from './errors.ts';

/** Options every command takes, as mmctl's global flags. */
export type Globals = {
  json: boolean;
  quiet: boolean;
  local: boolean;
  strict: boolean;
  suppressWarnings: boolean;
  /** The credentials file (mmctl's --config). */
  config?: string;
};

/** Adds mmctl's global flags to the program: they are accepted before or after the subcommand. */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('--json', 'print results as JSON')
    .addOption(new Option('--format <format>', 'output format (plain or json)').choices(['plain', 'json']).hideHelp())
    .option('-q, --quiet', 'print nothing on stdout')
    .option('--local', 'talk to the server over its local-mode socket, as an admin without a token (env MMCTL_LOCAL, PRAT_LOCAL)')
    .option('--strict', 'refuse to run against a server of another major version')
    .option('--suppress-warnings', 'print no warnings')
    .addOption(new Option('--disable-pager', 'accepted for mmctl compatibility (prat never pages)').hideHelp());
}

/** mmctl's --config: kept on each client command group, since `prat server --config` names the server's config.json. */
export function credentialsOption(): Option {
  return new Option('--config <path>', 'credentials file (default $XDG_CONFIG_HOME/prat/config)');
}

/** What a command's action gets: the output, the global flags, and a client made on first use. */
export class Ctx {
  readonly out: Output;
  private conn?: Connection;

  constructor(readonly g: Globals) {
    this.out = new Output(g.json, g.quiet, g.suppressWarnings);
  }

  /** The connection (local socket or stored credentials), made once. */
  async connection(): Promise<Connection> {
    if (this.conn) return this.conn;
    this.conn = await connect({ local: this.g.local, credentialsFile: this.g.config });
    if (this.g.strict) {
      await this.conn.client.ping(false);
      this.checkVersion();
    }
    return this.conn;
  }

  async client(): Promise<PratClient> {
    return (await this.connection()).client;
  }

  get target(): string | undefined {
    return this.conn?.target;
  }

  /** Uses a connection made by the command itself (auth login), for error messages and the version check. */
  adopt(conn: Connection): void {
    this.conn = conn;
  }

  checkVersion(): void {
    const problem = versionProblem(this.conn?.client.getServerVersion());
    if (!problem) return;
    if (this.g.strict) throw new CliError(`${problem} (--strict)`);
    this.out.warn(problem);
  }
}

export function globalsOf(cmd: Command): Globals {
  const o = cmd.optsWithGlobals() as Record<string, unknown>;
  return {
    json: o.json === true || o.format === 'json',
    quiet: o.quiet === true,
    local: localMode(o.local === true),
    strict: o.strict === true,
    suppressWarnings: o.suppressWarnings === true,
    config: typeof o.config === 'string' ? o.config : undefined,
  };
}

/**
 * Wraps a command action: gives it a Ctx, prints any error on stderr (the server's message as it is) and sets a
 * non-zero exit code. Commander passes the positional arguments, then the options, then the command.
 */
export function run<A extends unknown[]>(fn: (ctx: Ctx, ...args: A) => Promise<void>): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const ctx = new Ctx(globalsOf(cmd));
    try {
      await fn(ctx, ...(args.slice(0, -1) as A));
      ctx.checkVersion();
    } catch (err) {
      ctx.out.error(describeError(err, ctx.target));
      process.exitCode = 1;
    }
  };
}

/**
 * Runs `fn` for each argument, as mmctl's multi-argument commands do: a failure is reported and the rest still run;
 * the exit code is non-zero if any failed. Returns the successful results in order.
 */
export async function each<T, R>(ctx: Ctx, items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let failed = 0;
  for (const item of items) {
    try {
      results.push(await fn(item));
    } catch (err) {
      failed++;
      ctx.out.error(describeError(err, ctx.target));
    }
  }
  if (failed > 0) process.exitCode = 1;
  return results;
}

/** Example lines for --help, under an "Examples:" heading. */
export function examples(cmd: Command, ...lines: string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}`);
}
