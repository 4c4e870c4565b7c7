import { Command } from 'commander';
import { credentialsOption, examples, run, type Ctx } from '../lib/run.ts';
import { CliError } from '../lib/errors.ts';

/** `prat system`: the server's version and health, from /system/ping as mmctl reads them. */
export function systemCommand(): Command {
  const system = new Command('system').description("The server's version and health").addOption(credentialsOption());
  examples(system, 'prat system version', 'prat system status', 'prat system ping');

  const version = new Command('version').description("Print the server's version (from the X-Version-Id header)").action(run(versionAction));
  examples(version, 'prat system version', 'prat system version --json');
  const status = new Command('status').description("Print the server's status, with its database and file store").action(run(statusAction));
  examples(status, 'prat system status', 'prat system status --json');
  const ping = new Command('ping').description('Check that the server answers (exits non-zero when it does not)').action(run(pingAction));
  examples(ping, 'prat system ping && echo up');

  for (const c of [version, status, ping]) system.addCommand(c);
  return system;
}

async function versionAction(ctx: Ctx): Promise<void> {
  const client = await ctx.client();
  await client.ping(false);
  const header = client.getServerVersion();
  if (!header) throw new CliError('the server sent no X-Version-Id header');
  const [major, minor, patch, build] = header.split('.');
  ctx.out.print({ version: header, api_version: [major, minor, patch].join('.'), build_number: build ?? '' }, `Server version ${header}`);
}

async function statusAction(ctx: Ctx): Promise<void> {
  const client = await ctx.client();
  const status = (await client.ping(true)) as unknown as Record<string, unknown>;
  const lines: Array<[string, unknown]> = [
    ['Server status', status.status],
    ['Android Latest Version', status.AndroidLatestVersion],
    ['Android Minimum Version', status.AndroidMinVersion],
    ['iOS Latest Version', status.IosLatestVersion],
    ['iOS Minimum Version', status.IosMinVersion],
    ['Database Status', status.database_status],
    ['File Store Status', status.filestore_status],
  ];
  ctx.out.print(status, lines.map(([k, v]) => `${k}: ${v ?? ''}`).join('\n'));
  if (status.status !== 'OK') process.exitCode = 1;
}

async function pingAction(ctx: Ctx): Promise<void> {
  const client = await ctx.client();
  const status = (await client.ping(false)) as unknown as Record<string, unknown>;
  ctx.out.print(status, String(status.status));
  if (status.status !== 'OK') process.exitCode = 1;
}
