import { Command } from 'commander';
import type { UserAccessToken } from '@mattermost/types/users';
import { credentialsOption, each, examples, run, type Ctx } from '../lib/run.ts';
import { getUser } from '../lib/resolve.ts';
import { CliError } from '../lib/errors.ts';

/** `prat token`: personal access tokens (ServiceSettings.EnableUserAccessTokens must be on). */
export function tokenCommand(): Command {
  const token = new Command('token').description('Manage personal access tokens').addOption(credentialsOption());
  examples(token, 'prat token generate anne "deploy script"', 'prat token list anne', 'prat token revoke <token-id>');

  const generate = new Command('generate')
    .description('Create a personal access token for a user; the token is shown only this once')
    .argument('<user>', 'username, email or id')
    .argument('<description>', 'what the token is for')
    .action(run(generateAction));
  examples(generate, 'prat token generate anne "deploy script"', 'TOKEN=$(prat token generate anne ci --json | jq -r .token)');

  const list = new Command('list')
    .description("List a user's tokens (active ones unless told otherwise)")
    .argument('<user>', 'username, email or id')
    .option('--all', 'active and inactive tokens')
    .option('--active', 'only active tokens (the default)')
    .option('--inactive', 'only inactive tokens')
    .option('--page <n>', 'page to show, from 0', '0')
    .option('--per-page <n>', 'tokens per page (at most 200)', '200')
    .action(run(listAction));
  examples(list, 'prat token list anne', 'prat token list anne --all');

  const revoke = new Command('revoke').description('Revoke tokens for good').argument('<token-ids...>', 'token ids (see "prat token list")').action(run(revokeAction));
  examples(revoke, 'prat token revoke 4xq3ub6c1jg7dqdwcd4qz3hbdo');

  for (const c of [generate, list, revoke]) token.addCommand(c);
  return token;
}

async function generateAction(ctx: Ctx, userArg: string, description: string): Promise<void> {
  const client = await ctx.client();
  const user = await getUser(client, userArg);
  const t = await client.createUserAccessToken(user.id, description);
  ctx.out.print(t, `${t.token}: ${t.description}`);
}

async function listAction(ctx: Ctx, userArg: string, opts: { all?: boolean; active?: boolean; inactive?: boolean; page: string; perPage: string }): Promise<void> {
  if (opts.active && opts.inactive) throw new CliError('give --active or --inactive, not both (or --all)');
  const page = Number(opts.page);
  const perPage = Number(opts.perPage);
  if (!Number.isInteger(page) || page < 0 || !Number.isInteger(perPage) || perPage < 1) throw new CliError('--page and --per-page are whole numbers');
  const client = await ctx.client();
  const user = await getUser(client, userArg);
  const tokens = (await client.getUserAccessTokensForUser(user.id, page, Math.min(perPage, 200))) as UserAccessToken[];
  const shown = opts.all ? tokens : tokens.filter((t) => t.is_active === !opts.inactive);
  ctx.out.list(
    shown,
    [
      ['ID', (t) => t.id],
      ['DESCRIPTION', (t) => t.description],
      ['ACTIVE', (t) => (t.is_active ? 'yes' : 'no')],
    ],
    { empty: `No ${opts.all ? '' : opts.inactive ? 'inactive ' : 'active '}tokens for ${user.username}.` },
  );
}

async function revokeAction(ctx: Ctx, ids: string[]): Promise<void> {
  const client = await ctx.client();
  const done = await each(ctx, ids, async (id) => {
    await client.revokeUserAccessToken(id);
    return { id, revoked: true };
  });
  ctx.out.print(done, () => done.map((d) => `Token ${d.id} revoked`).join('\n'));
}
