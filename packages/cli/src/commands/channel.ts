import { Command, Option } from 'commander';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { credentialsOption, each, examples, run, type Ctx } from '../lib/run.ts';
import { getChannel, getTeam, getUser } from '../lib/resolve.ts';
import { CliError, statusOf } from '../lib/errors.ts';
import { requireConfirmation } from '../lib/prompt.ts';
import type { PratClient } from '../lib/client.ts';
import type { Column } from '../lib/output.ts';
import { allTeams } from './team.ts';

type Listed = Channel & { team_name: string };

const channelColumns: Column<Listed>[] = [
  ['CHANNEL', (c) => `${c.team_name}:${c.name}`],
  ['DISPLAY NAME', (c) => c.display_name],
  ['TYPE', (c) => (c.type === 'P' ? 'private' : c.type === 'O' ? 'public' : c.type)],
  ['STATE', (c) => (c.delete_at > 0 ? 'archived' : 'active')],
  ['ID', (c) => c.id],
];

const CHANNEL_ARG = 'channel as team:channel (each by name or id), or a channel id';

/** `prat channel`: mmctl's channel commands, with channels given as team:channel. */
export function channelCommand(): Command {
  const channel = new Command('channel').description('Manage channels').addOption(credentialsOption());
  examples(
    channel,
    'prat channel create --team fribyte --name drift-alt --display-name "[drift] alt"',
    'prat channel rename fribyte:drift-alt --display-name "[drift] alle"',
    'prat channel archive fribyte:drift-alt',
  );

  const create = new Command('create')
    .description('Create a channel')
    .requiredOption('--team <team>', 'team name or id')
    .requiredOption('--name <name>', 'channel name (the handle in URLs)')
    .requiredOption('--display-name <name>', 'display name')
    .option('--private', 'create a private channel')
    .option('--purpose <text>', 'purpose')
    .option('--header <text>', 'header')
    .action(run(createAction));
  examples(create, 'prat channel create --team fribyte --name drift-alt --display-name "[drift] alt"', 'prat channel create --team fribyte --name styret --display-name Styret --private');

  const list = new Command('list').description("List a team's channels: public, private and archived").argument('<teams...>', 'team names or ids').action(run(listAction));
  examples(list, 'prat channel list fribyte', 'prat channel list fribyte --json');

  const search = new Command('search')
    .description('Find a channel by name, in one team or in all of them')
    .argument('<channel>', 'channel name')
    .option('--team <team>', 'team name or id')
    .action(run(searchAction));
  examples(search, 'prat channel search drift-alt', 'prat channel search --team fribyte drift-alt');

  const rename = new Command('rename')
    .description("Change a channel's name and/or display name")
    .argument('<channel>', CHANNEL_ARG)
    .option('--name <name>', 'the new name (handle)')
    .option('--display-name <name>', 'the new display name')
    .action(run(renameAction));
  examples(rename, 'prat channel rename fribyte:drift-alt --display-name "[drift] alle"', 'prat channel rename fribyte:old --name new --display-name New');

  const archive = new Command('archive').description('Archive channels').argument('<channels...>', CHANNEL_ARG).action(run(archiveAction));
  examples(archive, 'prat channel archive fribyte:drift-alt fribyte:gammel');

  const unarchive = new Command('unarchive').description('Restore archived channels').argument('<channels...>', CHANNEL_ARG).action(run(unarchiveAction));
  examples(unarchive, 'prat channel unarchive fribyte:drift-alt');

  const modify = new Command('modify')
    .description('Make a channel private or public')
    .argument('<channel>', CHANNEL_ARG)
    .addOption(new Option('--private', 'make it private').conflicts('public'))
    .addOption(new Option('--public', 'make it public').conflicts('private'))
    .action(run(modifyAction));
  examples(modify, 'prat channel modify fribyte:styret --private');

  const move = new Command('move')
    .description('Move channels to another team')
    .argument('<team>', 'the team to move them to')
    .argument('<channels...>', CHANNEL_ARG)
    .option('--force', 'remove members who are not in the new team')
    .action(run(moveAction));
  examples(move, 'prat channel move annet-team fribyte:drift-alt');

  const del = new Command('delete')
    .description('Delete channels and their messages for good (needs ServiceSettings.EnableAPIChannelDeletion)')
    .argument('<channels...>', CHANNEL_ARG)
    .option('--confirm', 'do not ask for confirmation')
    .action(run(deleteAction));
  examples(del, 'prat channel delete fribyte:gammel --confirm');

  const users = new Command('users').description('Manage the members of a channel');
  const add = new Command('add').description('Add users to a channel').argument('<channel>', CHANNEL_ARG).argument('<users...>', 'usernames, emails or ids').action(run(addUsersAction));
  const remove = new Command('remove')
    .description('Remove users from a channel')
    .argument('<channel>', CHANNEL_ARG)
    .argument('[users...]', 'usernames, emails or ids')
    .option('--all-users', 'remove every member')
    .action(run(removeUsersAction));
  examples(add, 'prat channel users add fribyte:viktig anne bob@example.org');
  examples(remove, 'prat channel users remove fribyte:viktig anne', 'prat channel users remove fribyte:gammel --all-users');
  users.addCommand(add).addCommand(remove);
  examples(users, 'prat channel users add fribyte:viktig anne');

  for (const c of [create, list, search, rename, archive, unarchive, modify, move, del, users]) channel.addCommand(c);
  return channel;
}

const withTeam = (c: Channel, team: Pick<Team, 'name'>): Listed => ({ ...c, team_name: team.name });

async function createAction(ctx: Ctx, opts: { team: string; name: string; displayName: string; private?: boolean; purpose?: string; header?: string }): Promise<void> {
  const client = await ctx.client();
  const team = await getTeam(client, opts.team);
  const channel = await client.createChannel({
    team_id: team.id,
    name: opts.name,
    display_name: opts.displayName,
    type: opts.private ? 'P' : 'O',
    purpose: opts.purpose ?? '',
    header: opts.header ?? '',
  } as Channel);
  ctx.out.print(channel, `New channel ${team.name}:${channel.name} ("${channel.display_name}") successfully created (id ${channel.id})`);
}

async function pages<T>(fetch: (page: number) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 0; ; page++) {
    const batch = await fetch(page);
    out.push(...batch);
    if (batch.length < 200) return out;
  }
}

/** Private channels are listed only for those allowed to see them all (system admins); others get public and archived. */
async function teamChannels(client: PratClient, team: Team): Promise<Listed[]> {
  const base = `/teams/${team.id}/channels`;
  const publicOnes = await pages((p) => client.getChannels(team.id, p, 200));
  const privateOnes = await pages((p) => client.call<Channel[]>('get', `${base}/private?page=${p}&per_page=200`)).catch((err: unknown) => {
    if (statusOf(err) === 403) return [];
    throw err;
  });
  const archived = await pages((p) => client.getArchivedChannels(team.id, p, 200));
  return [...publicOnes, ...privateOnes, ...archived].sort((a, b) => a.name.localeCompare(b.name)).map((c) => withTeam(c, team));
}

async function listAction(ctx: Ctx, teamArgs: string[]): Promise<void> {
  const client = await ctx.client();
  const lists = await each(ctx, teamArgs, async (arg) => teamChannels(client, await getTeam(client, arg)));
  ctx.out.list(lists.flat(), channelColumns, { empty: 'No channels.' });
}

/** As mmctl: an exact channel name, looked up in the given team or in every team. */
async function searchAction(ctx: Ctx, name: string, opts: { team?: string }): Promise<void> {
  const client = await ctx.client();
  const teams = opts.team ? [await getTeam(client, opts.team)] : await allTeams(client);
  for (const team of teams) {
    const found = await client.getChannelByName(team.id, name.toLowerCase(), true).catch((err: unknown) => {
      if (statusOf(err) === 404 || statusOf(err) === 403) return undefined;
      throw err;
    });
    if (found) {
      const listed = withTeam(found, team);
      ctx.out.list([listed], channelColumns);
      return;
    }
  }
  throw new CliError(`channel "${name}" not found${opts.team ? ` in team "${opts.team}"` : ' in any team'}`);
}

async function teamOf(client: PratClient, channel: Channel): Promise<Pick<Team, 'name'>> {
  if (!channel.team_id) return { name: '' };
  return client.getTeam(channel.team_id).catch(() => ({ name: channel.team_id }));
}

async function renameAction(ctx: Ctx, arg: string, opts: { name?: string; displayName?: string }): Promise<void> {
  if (opts.name === undefined && opts.displayName === undefined) throw new CliError('give --name and/or --display-name');
  const client = await ctx.client();
  const channel = await getChannel(client, arg);
  const patch: Partial<Channel> = {};
  if (opts.name !== undefined) patch.name = opts.name;
  if (opts.displayName !== undefined) patch.display_name = opts.displayName;
  const updated = await client.patchChannel(channel.id, patch);
  const team = await teamOf(client, updated);
  ctx.out.print(updated, `Channel ${team.name}:${channel.name} is now ${team.name}:${updated.name} ("${updated.display_name}")`);
}

async function archiveAction(ctx: Ctx, args: string[]): Promise<void> {
  const client = await ctx.client();
  const done = await each(ctx, args, async (arg) => {
    const channel = await getChannel(client, arg);
    if (channel.delete_at > 0) throw new CliError(`channel ${arg} is already archived`);
    await client.deleteChannel(channel.id);
    return { id: channel.id, name: channel.name, arg, archived: true };
  });
  ctx.out.print(done, () => done.map((d) => `Channel ${d.arg} archived`).join('\n'));
}

async function unarchiveAction(ctx: Ctx, args: string[]): Promise<void> {
  const client = await ctx.client();
  const done = await each(ctx, args, async (arg) => {
    const channel = await getChannel(client, arg);
    if (channel.delete_at === 0) throw new CliError(`channel ${arg} is not archived`);
    const restored = await client.unarchiveChannel(channel.id);
    return { ...restored, arg };
  });
  ctx.out.print(done, () => done.map((d) => `Channel ${d.arg} restored`).join('\n'));
}

async function modifyAction(ctx: Ctx, arg: string, opts: { private?: boolean; public?: boolean }): Promise<void> {
  if (!opts.private && !opts.public) throw new CliError('give --private or --public');
  const client = await ctx.client();
  const channel = await getChannel(client, arg);
  const updated = await client.updateChannelPrivacy(channel.id, opts.private ? 'P' : 'O');
  ctx.out.print(updated, `Channel ${arg} is now ${opts.private ? 'private' : 'public'}`);
}

async function moveAction(ctx: Ctx, teamArg: string, args: string[], opts: { force?: boolean }): Promise<void> {
  const client = await ctx.client();
  const team = await getTeam(client, teamArg);
  const done = await each(ctx, args, async (arg) => {
    const channel = await getChannel(client, arg);
    if (channel.team_id === team.id) throw new CliError(`channel ${arg} is already in team ${team.name}`);
    const moved = await client.call<Channel>('post', `/channels/${channel.id}/move`, { team_id: team.id, force: opts.force === true });
    return { ...moved, arg };
  });
  ctx.out.print(done, () => done.map((d) => `Channel ${d.arg} moved to ${team.name}`).join('\n'));
}

async function deleteAction(ctx: Ctx, args: string[], opts: { confirm?: boolean }): Promise<void> {
  await requireConfirmation(opts.confirm, `Delete ${args.join(', ')}? All their messages will be permanently deleted.`);
  const client = await ctx.client();
  const done = await each(ctx, args, async (arg) => {
    const channel = await getChannel(client, arg);
    await client.call('delete', `/channels/${channel.id}?permanent=true`);
    return { id: channel.id, name: channel.name, arg, deleted: true };
  });
  ctx.out.print(done, () => done.map((d) => `Channel ${d.arg} deleted`).join('\n'));
}

async function addUsersAction(ctx: Ctx, arg: string, userArgs: string[]): Promise<void> {
  const client = await ctx.client();
  const channel = await getChannel(client, arg);
  const done = await each(ctx, userArgs, async (u) => {
    const user = await getUser(client, u);
    await client.addToChannel(user.id, channel.id);
    return { channel: arg, channel_id: channel.id, user: user.username, user_id: user.id };
  });
  ctx.out.print(done, () => done.map((d) => `Added ${d.user} to ${arg}`).join('\n'));
}

async function removeUsersAction(ctx: Ctx, arg: string, userArgs: string[], opts: { allUsers?: boolean }): Promise<void> {
  if (opts.allUsers && userArgs.length > 0) throw new CliError('give users or --all-users, not both');
  if (!opts.allUsers && userArgs.length === 0) throw new CliError('give the users to remove, or --all-users');
  const client = await ctx.client();
  const channel = await getChannel(client, arg);
  let users: Array<Pick<UserProfile, 'id' | 'username'>>;
  if (opts.allUsers) {
    const members = await pages((p) => client.call<Array<{ user_id: string }>>('get', `/channels/${channel.id}/members?page=${p}&per_page=200`));
    users = members.map((m) => ({ id: m.user_id, username: m.user_id }));
  } else {
    users = await each(ctx, userArgs, (u) => getUser(client, u));
  }
  const done = await each(ctx, users, async (user) => {
    await client.removeFromChannel(user.id, channel.id);
    return { channel: arg, channel_id: channel.id, user: user.username, user_id: user.id };
  });
  ctx.out.print(done, () => done.map((d) => `Removed ${d.user} from ${arg}`).join('\n'));
}
