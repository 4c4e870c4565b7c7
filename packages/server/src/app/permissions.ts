import type { AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import { noPermission } from './errors.ts';

// Mattermost's default permission scheme, reduced to the permissions Prat checks.
const TEAM_USER = [
  'view_team',
  'list_team_channels',
  'join_public_channels',
  'read_public_channel',
  'create_public_channel',
  'create_private_channel',
  'add_user_to_team',
  'invite_user',
];
const TEAM_ADMIN = [
  ...TEAM_USER,
  'manage_team',
  'remove_user_from_team',
  'manage_team_roles',
  'manage_public_channel_members',
  'manage_private_channel_members',
  'manage_public_channel_properties',
  'manage_private_channel_properties',
  'delete_public_channel',
  'delete_private_channel',
  'manage_channel_roles',
  'convert_public_channel_to_private',
  'convert_private_channel_to_public',
  'delete_post',
  'delete_others_posts',
];
const CHANNEL_USER = [
  'read_channel',
  'read_channel_content',
  'create_post',
  'add_reaction',
  'remove_reaction',
  'upload_file',
  'use_channel_mentions',
  'edit_post',
  'delete_post',
  'manage_public_channel_members',
  'manage_private_channel_members',
  'manage_public_channel_properties',
  'manage_private_channel_properties',
  'delete_public_channel',
  'delete_private_channel',
];
// edit_others_posts and remove_others_reactions stay with system admins, as in Mattermost's default scheme.
const CHANNEL_ADMIN = [...CHANNEL_USER, 'manage_channel_roles', 'delete_others_posts'];
const SYSTEM_USER = ['create_team', 'list_public_teams', 'join_public_teams', 'create_direct_channel', 'create_group_channel', 'view_members'];
const SYSTEM_USER_ACCESS_TOKEN = ['create_user_access_token', 'read_user_access_token', 'revoke_user_access_token'];

const ROLES: Record<string, ReadonlySet<string>> = {
  system_user: new Set(SYSTEM_USER),
  system_user_access_token: new Set(SYSTEM_USER_ACCESS_TOKEN),
  team_user: new Set(TEAM_USER),
  team_admin: new Set(TEAM_ADMIN),
  channel_user: new Set(CHANNEL_USER),
  channel_admin: new Set(CHANNEL_ADMIN),
};

/** Roles a user or member may hold. */
export const SYSTEM_ROLES = ['system_admin', 'system_user', 'system_user_access_token'];

export function rolesHave(roles: string, permission: string): boolean {
  for (const role of roles.split(' ')) {
    if (role === 'system_admin') return true;
    if (ROLES[role]?.has(permission)) return true;
  }
  return false;
}

export const isSystemAdmin = (session: Session) => session.roles.split(' ').includes('system_admin');

/** Effective roles of a team or channel member: the scheme flags plus any explicit roles. */
export function memberRoles(kind: 'team' | 'channel', m: { roles: string; scheme_user: boolean; scheme_admin: boolean }): string {
  const roles = new Set(m.roles.split(' ').filter(Boolean));
  if (m.scheme_user) roles.add(`${kind}_user`);
  if (m.scheme_admin) roles.add(`${kind}_admin`);
  return [...roles].join(' ');
}

/** Whether a member's roles in a channel let them read it: the read check's rule, for one membership or all of a user's. */
export const memberMayRead = (member: { roles: string; scheme_user: boolean; scheme_admin: boolean }) => rolesHave(memberRoles('channel', member), 'read_channel');

export function hasPermission(session: Session, permission: string): boolean {
  return rolesHave(session.roles, permission);
}

export async function hasTeamPermission(ctx: AppContext, session: Session, teamId: string, permission: string): Promise<boolean> {
  if (hasPermission(session, permission)) return true;
  const member = await ctx.store.teams.getMember(teamId, session.user_id);
  return !!member && member.delete_at === 0 && rolesHave(memberRoles('team', member), permission);
}

export async function hasChannelPermission(ctx: AppContext, session: Session, channelId: string, permission: string): Promise<boolean> {
  if (hasPermission(session, permission)) return true;
  const member = await ctx.store.channels.getMember(channelId, session.user_id);
  if (member && rolesHave(memberRoles('channel', member), permission)) return true;
  const channel = await ctx.store.channels.get(channelId);
  if (!channel || !channel.team_id) return false;
  return hasTeamPermission(ctx, session, channel.team_id, permission);
}

export function requirePermission(session: Session, permission: string): void {
  if (!hasPermission(session, permission)) throw noPermission(permission);
}

export async function requireTeamPermission(ctx: AppContext, session: Session, teamId: string, permission: string): Promise<void> {
  if (!(await hasTeamPermission(ctx, session, teamId, permission))) throw noPermission(permission);
}

export async function requireChannelPermission(ctx: AppContext, session: Session, channelId: string, permission: string): Promise<void> {
  if (!(await hasChannelPermission(ctx, session, channelId, permission))) throw noPermission(permission);
}
