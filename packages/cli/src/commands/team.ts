import { Command, Option } from 'commander';
import type { Team } from '@mattermost/types/teams';
import { credentialsOption, each, examples, run, type Ctx } from '../lib/run.ts';
import { getTeam, getUser } from '../lib/resolve.ts';
import { CliError } from '../lib/errors.ts';
import { requireConfirmation } from '../lib/prompt.ts';
import type { PratClient } from '../lib/client.ts';
import type { Column } from '../lib/output.ts';

const teamColumns: Column<Team>[] = [
  ['NAME', (t) => t.name],
  ['DISPLAY NAME', (t) => t.display_name],
  ['TYPE', (t) => (t.type === 'I' ? 'private' : 'open')],
  ['STATE', (t) => (t.delete_at > 0 ? 'archived' : 'active')],
  ['ID', (t) => t.id],
];

/** `prat team`: mmctl's team commands. Teams are given by name or id. */
export function teamCommand(): Command {
  const team = new Command('team').description('Manage teams').addOption(credentialsOption());
  examples(team, 'prat team create --name fribyte --display-name "Fribyte"', 'prat team list', 'prat team users add fribyte anne bob@example.org');

  const create = new Command('create')
    .description('Create a team')
    .requiredOption('--name <name>', 'team name (the handle in URLs)')
    .requiredOption('--display-name <name>', 'display name')
    .option('--private', 'invite only: not open to everyone on the server')
    .option('--email <email>', 'administrator email address of the team')
    .action(run(createAction));
  examples(create, 'prat team create --name fribyte --display-name "Fribyte"', 'prat team create --name styret --display-name "Styret" --private');

  const list = new Command('list').description('List all teams').action(run(listAction));
  examples(list, 'prat team list', 'prat team list --json');

  const search = new Command('search').description('Search teams by name or display name').argument('<terms...>', 'search terms').action(run(searchAction));
  examples(search, 'prat team search fri');

  const archive = new Command('archive')
    .description('Archive teams (they can be restored)')
    .argument('<teams...>', 'team names or ids')
    .option('--confirm', 'do not ask for confirmation')
    .action(run(archiveAction));
  examples(archive, 'prat team archive oldteam --confirm');

  const restore = new Command('restore').description('Restore archived teams').argument('<teams...>', 'team names or ids').action(run(restoreAction));
  examples(restore, 'prat team restore oldteam');

  const rename = new Command('rename')
    .description("Change a team's display name (its name stays: links use it)")
    .argument('<team>', 'team name or id')
    .requiredOption('--display-name <name>', 'the new display name')
    .action(run(renameAction));
  examples(rename, 'prat team rename fribyte --display-name "Fribyte (drift)"');

  const modify = new Command('modify')
    .description('Make teams private (invite only) or public (open to everyone on the server)')
    .argument('<teams...>', 'team names or ids')
    .addOption(new Option('--private', 'make the teams invite only').conflicts('public'))
    .addOption(new Option('--public', 'open the teams to everyone').conflicts('private'))
    .action(run(modifyAction));
  examples(modify, 'prat team modify fribyte --private', 'prat team modify fribyte --public');

  const del = new Command('delete')
    .description('Delete teams and everything in them, for good (needs ServiceSettings.EnableAPITeamDeletion)')
    .argument('<teams...>', 'team names or ids')
    .option('--confirm', 'do not ask for confirmation')
    .action(run(deleteAction));
  examples(del, 'prat team delete oldteam --confirm');

  const users = new Command('users').description('Manage the members of a team');
  const add = new Command('add').description('Add users to a team').argument('<team>', 'team name or id').argument('<users...>', 'usernames, emails or ids').action(run(addUsersAction));
  const remove = new Command('remove')
    .description('Remove users from a team (and its channels)')
    .argument('<team>', 'team name or id')
    .argument('<users...>', 'usernames, emails or ids')
    .action(run(removeUsersAction));
  examples(add, 'prat team users add fribyte anne bob@example.org');
  examples(remove, 'prat team users remove fribyte anne');
  users.addCommand(add).addCommand(remove);
  examples(users, 'prat team users add fribyte anne', 'prat team users remove fribyte anne');

  for (const c of [create, list, search, archive, restore, rename, modify, del, users]) team.addCommand(c);
  return team;
}

async function createAction(ctx: Ctx, opts: { name: string; displayName: string; private?: boolean; email?: string }): Promise<void> {
  const client = await ctx.client();
  const team = await client.createTeam({
    name: opts.name,
    display_name: opts.displayName,
    type: opts.private ? 'I' : 'O',
    allow_open_invite: !opts.private,
    ...(opts.email ? { email: opts.email } : {}),
  } as Team);
  ctx.out.print(team, `New team ${team.name} successfully created (id ${team.id})`);
}

/** Every team, page by page (200 each, Mattermost's maximum). */
export async function allTeams(client: PratClient): Promise<Team[]> {
  const out: Team[] = [];
  for (let page = 0; ; page++) {
    const batch = (await client.getTeams(page, 200)) as Team[];
    out.push(...batch);
    if (batch.length < 200) return out;
  }
}

async function listAction(ctx: Ctx): Promise<void> {
  const teams = await allTeams(await ctx.client());
  ctx.out.list(teams, teamColumns, { empty: 'No teams.' });
}

async function searchAction(ctx: Ctx, terms: string[]): Promise<void> {
  const client = await ctx.client();
  const found = new Map<string, Team>();
  for (const term of terms) {
    const result = (await client.searchTeams(term, {})) as Team[] | { teams: Team[] };
    for (const t of Array.isArray(result) ? result : result.teams) found.set(t.id, t);
  }
  const teams = [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
  ctx.out.list(teams, teamColumns, { empty: 'No teams found.' });
}

async function archiveAction(ctx: Ctx, args: string[], opts: { confirm?: boolean }): Promise<void> {
  await requireConfirmation(opts.confirm, `Archive ${args.join(', ')}?`);
  const client = await ctx.client();
  const done = await each(ctx, args, async (arg) => {
    const team = await getTeam(client, arg);
    await client.deleteTeam(team.id);
    return team;
  });
  ctx.out.print(
    done.map((t) => ({ id: t.id, name: t.name, archived: true })),
    () => done.map((t) => `Team ${t.name} archived`).join('\n'),
  );
}

async function restoreAction(ctx: Ctx, args: string[]): Promise<void> {
  const client = await ctx.client();
  const done = await each(ctx, args, async (arg) => client.unarchiveTeam((await getTeam(client, arg)).id) as Promise<Team>);
  ctx.out.list(done, teamColumns);
}

async function renameAction(ctx: Ctx, arg: string, opts: { displayName: string }): Promise<void> {
  const client = await ctx.client();
  const team = await getTeam(client, arg);
  const updated = await client.patchTeam({ id: team.id, display_name: opts.displayName } as Team);
  ctx.out.print(updated, `Team ${updated.name} renamed to "${updated.display_name}"`);
}

/** Mattermost's PUT /teams/{id}/privacy, which sets the type and allow_open_invite together. */
async function modifyAction(ctx: Ctx, args: string[], opts: { private?: boolean; public?: boolean }): Promise<void> {
  if (!opts.private && !opts.public) throw new CliError('give --private or --public');
  const privacy = opts.private ? 'I' : 'O';
  const client = await ctx.client();
  const done = await each(ctx, args, async (arg) => client.call<Team>('put', `/teams/${(await getTeam(client, arg)).id}/privacy`, { privacy }));
  ctx.out.list(done, teamColumns);
}

async function deleteAction(ctx: Ctx, args: string[], opts: { confirm?: boolean }): Promise<void> {
  await requireConfirmation(opts.confirm, `Delete ${args.join(', ')} and everything in them? All their data will be permanently deleted.`);
  const client = await ctx.client();
  const done = await each(ctx, args, async (arg) => {
    const team = await getTeam(client, arg);
    await client.call('delete', `/teams/${team.id}?permanent=true`);
    return team;
  });
  ctx.out.print(done, () => done.map((t) => `Team ${t.name} deleted`).join('\n'));
}

async function addUsersAction(ctx: Ctx, teamArg: string, userArgs: string[]): Promise<void> {
  const client = await ctx.client();
  const team = await getTeam(client, teamArg);
  const done = await each(ctx, userArgs, async (arg) => {
    const user = await getUser(client, arg);
    await client.addToTeam(team.id, user.id);
    return { team: team.name, user: user.username, user_id: user.id };
  });
  ctx.out.print(done, () => done.map((d) => `Added ${d.user} to ${d.team}`).join('\n'));
}

async function removeUsersAction(ctx: Ctx, teamArg: string, userArgs: string[]): Promise<void> {
  const client = await ctx.client();
  const team = await getTeam(client, teamArg);
  const done = await each(ctx, userArgs, async (arg) => {
    const user = await getUser(client, arg);
    await client.removeFromTeam(team.id, user.id);
    return { team: team.name, user: user.username, user_id: user.id };
  });
  ctx.out.print(done, () => done.map((d) => `Removed ${d.user} from ${d.team}`).join('\n'));
}
