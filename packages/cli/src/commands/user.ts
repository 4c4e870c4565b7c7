import { Command, Option } from 'commander';
import type { UserProfile } from '@mattermost/types/users';
import { credentialsOption, each, examples, run, type Ctx } from '../lib/run.ts';
import { getTeam, getUser } from '../lib/resolve.ts';
import { CliError, isMissingRoute, statusOf } from '../lib/errors.ts';
import { askSecret, requireConfirmation } from '../lib/prompt.ts';
import type { PratClient } from '../lib/client.ts';
import type { Column } from '../lib/output.ts';

const userColumns: Column<UserProfile>[] = [
  ['USERNAME', (u) => u.username],
  ['EMAIL', (u) => u.email],
  ['NAME', (u) => [u.first_name, u.last_name].filter(Boolean).join(' ')],
  ['ROLES', (u) => u.roles],
  ['STATE', (u) => (u.delete_at > 0 ? 'deactivated' : 'active')],
  ['ID', (u) => u.id],
];

const USERS = 'usernames, emails or ids';

/** `prat user`: mmctl's user commands; users are given by username, email or id. */
export function userCommand(): Command {
  const user = new Command('user').description('Manage users').addOption(credentialsOption());
  examples(
    user,
    'prat user create --email anne@example.org --username anne --password "long passphrase"',
    'prat --local user create --email admin@example.org --username admin --password "long passphrase" --system-admin',
    'prat user list --all',
  );

  const create = new Command('create')
    .description('Create a user')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--username <username>', 'username')
    .requiredOption('--password <password>', 'password')
    .option('--firstname <name>', 'first name')
    .option('--lastname <name>', 'last name')
    .addOption(new Option('--first-name <name>').hideHelp())
    .addOption(new Option('--last-name <name>').hideHelp())
    .option('--nickname <name>', 'nickname')
    .option('--locale <locale>', 'locale (en or nb)')
    .option('--system-admin', 'make the user a system admin')
    .option('--guest', 'make the user a guest')
    .option('--email-verified', 'mark the email address as verified')
    .option('--disable-welcome-email', 'send no welcome email')
    .action(run(createAction));
  examples(
    create,
    'prat user create --email anne@example.org --username anne --password "long passphrase" --firstname Anne',
    'prat --local user create --email admin@example.org --username admin --password "long passphrase" --system-admin',
  );

  const list = new Command('list')
    .description('List users, a page at a time or --all')
    .option('--all', 'every user (ignores --page)')
    .option('--page <n>', 'page to show, from 0', toInt, 0)
    .option('--per-page <n>', 'users per page (at most 200)', toInt, 200)
    .option('--team <team>', 'only members of this team')
    .option('--inactive', 'only deactivated users')
    .action(run(listAction));
  examples(list, 'prat user list', 'prat user list --all --json', 'prat user list --team fribyte --page 1 --per-page 50');

  const search = new Command('search').description('Show users found by username, email or id').argument('<users...>', USERS).action(run(searchAction));
  examples(search, 'prat user search anne bob@example.org');

  const activate = new Command('activate').description('Activate users').argument('<users...>', USERS).action(run((ctx, users: string[]) => setActive(ctx, users, true)));
  const deactivate = new Command('deactivate')
    .description('Deactivate users: they can no longer log in, and their sessions end')
    .argument('<users...>', USERS)
    .action(run((ctx, users: string[]) => setActive(ctx, users, false)));
  examples(activate, 'prat user activate anne');
  examples(deactivate, 'prat user deactivate anne bob@example.org');

  const promote = new Command('promote').description('Promote guests to users').argument('<guests...>', USERS).action(run((ctx, users: string[]) => guestChange(ctx, users, 'promote')));
  const demote = new Command('demote').description('Demote users to guests').argument('<users...>', USERS).action(run((ctx, users: string[]) => guestChange(ctx, users, 'demote')));
  examples(promote, 'prat user promote gjest');
  examples(demote, 'prat user demote anne');

  const changePassword = new Command('change-password')
    .description("Change a user's password (your own needs --current)")
    .argument('<user>', 'username, email or id')
    .option('-p, --password <password>', 'the new password (asked for, without echo, when missing)')
    .option('-c, --current <password>', 'the current password, when changing your own')
    .option('--hashed', 'the password is already hashed')
    .action(run(changePasswordAction));
  examples(changePassword, 'prat user change-password anne --password "new long passphrase"', 'prat user change-password me --current "old" --password "new long passphrase"');

  const resetPassword = new Command('reset-password')
    .description('Email users a link to reset their password')
    .argument('<users...>', USERS)
    .action(run(resetPasswordAction));
  examples(resetPassword, 'prat user reset-password anne');

  const edit = new Command('edit').description("Change a user's email or username");
  const email = new Command('email').description("Change a user's email address").argument('<user>', 'username, email or id').argument('<email>', 'new email').action(run(editEmailAction));
  const username = new Command('username').description("Change a user's username").argument('<user>', 'username, email or id').argument('<username>', 'new username').action(run(editUsernameAction));
  examples(email, 'prat user edit email anne anne@example.net');
  examples(username, 'prat user edit username anne anne.h');
  edit.addCommand(email).addCommand(username);
  examples(edit, 'prat user edit email anne anne@example.net', 'prat user edit username anne anne.h');

  const del = new Command('delete')
    .description('Delete users and everything they posted, for good (needs ServiceSettings.EnableAPIUserDeletion)')
    .argument('<users...>', USERS)
    .option('--confirm', 'do not ask for confirmation')
    .action(run(deleteAction));
  examples(del, 'prat user delete spammer --confirm');

  for (const c of [create, list, search, activate, deactivate, promote, demote, changePassword, resetPassword, edit, del]) user.addCommand(c);
  return user;
}

function toInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`"${value}" is not a whole number`);
  return n;
}

type CreateOpts = {
  email: string;
  username: string;
  password: string;
  firstname?: string;
  lastname?: string;
  firstName?: string;
  lastName?: string;
  nickname?: string;
  locale?: string;
  systemAdmin?: boolean;
  guest?: boolean;
  emailVerified?: boolean;
  disableWelcomeEmail?: boolean;
};

/** In local mode this is how the first admin is made on a fresh server: no token, and --system-admin. */
async function createAction(ctx: Ctx, opts: CreateOpts): Promise<void> {
  if (opts.guest && opts.systemAdmin) throw new CliError('a user cannot be both --guest and --system-admin');
  if (opts.guest) throw new CliError('guest accounts are not supported by this server: create a regular user');
  const client = await ctx.client();
  const fields: Partial<UserProfile> & { password: string } = {
    email: opts.email,
    username: opts.username,
    password: opts.password,
    first_name: opts.firstname ?? opts.firstName ?? '',
    last_name: opts.lastname ?? opts.lastName ?? '',
    nickname: opts.nickname ?? '',
  };
  if (opts.locale) fields.locale = opts.locale;
  if (opts.emailVerified) (fields as Record<string, unknown>).email_verified = true;
  let user = (await client.createUser(fields as UserProfile, '', '')) as UserProfile;
  if (opts.systemAdmin && !user.roles.split(' ').includes('system_admin')) {
    await client.updateUserRoles(user.id, 'system_user system_admin');
    user = { ...user, roles: 'system_user system_admin' };
  }
  ctx.out.print(user, `Created user ${user.username} (${user.email}), id ${user.id}${user.roles.includes('system_admin') ? ', system admin' : ''}`);
}

async function listAction(ctx: Ctx, opts: { all?: boolean; page: number; perPage: number; team?: string; inactive?: boolean }): Promise<void> {
  const client = await ctx.client();
  const perPage = Math.min(Math.max(opts.perPage, 1), 200);
  const filter: Record<string, unknown> = {};
  if (opts.team) filter.in_team = (await getTeam(client, opts.team)).id;
  if (opts.inactive) filter.inactive = true;
  const users: UserProfile[] = [];
  for (let page = opts.all ? 0 : opts.page; ; page++) {
    const batch = (await client.getProfiles(page, perPage, filter)) as UserProfile[];
    users.push(...batch);
    if (!opts.all || batch.length < perPage) break;
  }
  ctx.out.list(users, userColumns, { empty: 'No users.' });
}

function details(u: UserProfile): string {
  const rows: Array<[string, unknown]> = [
    ['id', u.id],
    ['username', u.username],
    ['nickname', u.nickname],
    ['position', u.position],
    ['first_name', u.first_name],
    ['last_name', u.last_name],
    ['email', u.email],
    ['roles', u.roles],
    ['auth_service', u.auth_service],
    ['state', u.delete_at > 0 ? 'deactivated' : 'active'],
  ];
  return rows.map(([k, v]) => `${k}: ${v ?? ''}`).join('\n');
}

async function searchAction(ctx: Ctx, args: string[]): Promise<void> {
  const client = await ctx.client();
  const found = await each(ctx, args, (arg) => getUser(client, arg));
  ctx.out.print(found, () => found.map(details).join('\n------------------------------\n'));
}

async function setActive(ctx: Ctx, args: string[], active: boolean): Promise<void> {
  const client = await ctx.client();
  const done = await each(ctx, args, async (arg) => {
    const user = await getUser(client, arg);
    await client.updateUserActive(user.id, active);
    return { id: user.id, username: user.username, active };
  });
  ctx.out.print(done, () => done.map((d) => `User ${d.username} ${active ? 'activated' : 'deactivated'}`).join('\n'));
}

async function guestChange(ctx: Ctx, args: string[], change: 'promote' | 'demote'): Promise<void> {
  const client = await ctx.client();
  const done = await each(ctx, args, async (arg) => {
    const user = await getUser(client, arg);
    try {
      if (change === 'promote') await client.promoteGuestToUser(user.id);
      else await client.demoteUserToGuest(user.id);
    } catch (err) {
      if (isMissingRoute(err)) throw new CliError('guest accounts are not supported by this server');
      throw err;
    }
    return { id: user.id, username: user.username };
  });
  ctx.out.print(done, () => done.map((d) => `User ${d.username} ${change === 'promote' ? 'promoted to user' : 'demoted to guest'}`).join('\n'));
}

async function userArg(client: PratClient, ctx: Ctx, arg: string): Promise<UserProfile> {
  if (arg === 'me') {
    if ((await ctx.connection()).local) throw new CliError('"me" means nobody in local mode: name the user');
    return client.getMe();
  }
  return getUser(client, arg);
}

async function changePasswordAction(ctx: Ctx, arg: string, opts: { password?: string; current?: string; hashed?: boolean }): Promise<void> {
  if (opts.hashed) throw new CliError('--hashed is not supported by this server: give the password itself');
  const client = await ctx.client();
  const user = await userArg(client, ctx, arg);
  const password = opts.password ?? (await askSecret(`New password for ${user.username}: `, 'give the new password with --password, or run in a terminal to be asked'));
  await client.updateUserPassword(user.id, opts.current ?? '', password);
  ctx.out.print({ id: user.id, username: user.username, changed: true }, `Password for ${user.username} changed`);
}

async function resetPasswordAction(ctx: Ctx, args: string[]): Promise<void> {
  const client = await ctx.client();
  const cfg = (await client.getClientConfig()) as unknown as Record<string, string>;
  if (cfg.SendEmailNotifications !== 'true') {
    throw new CliError('email is not configured on this server (EmailSettings.SendEmailNotifications is false), so no reset link can be sent: set a password with "prat user change-password <user> --password …"');
  }
  const done = await each(ctx, args, async (arg) => {
    const user = await getUser(client, arg);
    try {
      await client.sendPasswordResetEmail(user.email);
    } catch (err) {
      if (isMissingRoute(err)) throw new CliError('this server cannot send password reset emails yet: set a password with "prat user change-password <user> --password …"');
      throw err;
    }
    return { id: user.id, username: user.username, email: user.email };
  });
  ctx.out.print(done, () => done.map((d) => `Password reset email sent to ${d.username} (${d.email})`).join('\n'));
}

async function editEmailAction(ctx: Ctx, arg: string, email: string): Promise<void> {
  const client = await ctx.client();
  const user = await userArg(client, ctx, arg);
  const updated = await client.patchUser({ id: user.id, email } as UserProfile);
  ctx.out.print(updated, `Email of ${updated.username} changed to ${updated.email}`);
}

async function editUsernameAction(ctx: Ctx, arg: string, username: string): Promise<void> {
  const client = await ctx.client();
  const user = await userArg(client, ctx, arg);
  const updated = await client.patchUser({ id: user.id, username } as UserProfile);
  ctx.out.print(updated, `Username of ${user.username} changed to ${updated.username}`);
}

/**
 * DELETE /users/{id}?permanent=true, as mmctl. A server that only deactivates (ignoring permanent) is caught by looking
 * the user up afterwards, so the command never claims a deletion that did not happen.
 */
async function deleteAction(ctx: Ctx, args: string[], opts: { confirm?: boolean }): Promise<void> {
  await requireConfirmation(opts.confirm, `Delete ${args.join(', ')} and everything they posted? All their data will be permanently deleted.`);
  const client = await ctx.client();
  const done = await each(ctx, args, async (arg) => {
    const user = await getUser(client, arg);
    await client.call('delete', `/users/${user.id}?permanent=true`);
    const still = await client.getUser(user.id).catch((err: unknown) => {
      if (statusOf(err) === 404) return undefined;
      throw err;
    });
    if (still) throw new CliError(`the server deactivated ${user.username} but did not delete the account: it does not support permanent user deletion`);
    return { id: user.id, username: user.username, deleted: true };
  });
  ctx.out.print(done, () => done.map((d) => `User ${d.username} deleted`).join('\n'));
}
