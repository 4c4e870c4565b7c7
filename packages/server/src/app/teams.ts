import { commit, type AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import type { ServerEvent } from '../realtime/bus.ts';
import type { Store } from '../store/store.ts';
import type { ChannelRecord } from '../store/channels.ts';
import type { TeamMemberRecord, TeamRecord } from '../store/teams.ts';
import { badRequest, forbidden, invalidParam, notFound } from './errors.ts';
import { isValidId, newId } from './ids.ts';
import { hasPermission, hasTeamPermission, memberRoles, rolesHave } from './permissions.ts';
import { newChannelRecord, roleList } from './channels.ts';
import { OFF_TOPIC, TOWN_SQUARE } from './default-channels.ts';
import { joinTeamInTx, leaveTeamInTx, type DefaultsCache, type SkippedDefaults } from './team-membership.ts';
import { teamJson, teamMemberJson, type TeamJson } from './wire.ts';

export const TEAM_NAME_MIN = 2;
export const TEAM_NAME_MAX = 64;
const TEAM_NAME = /^[a-z0-9]+([a-z\-0-9]+|(__)?)[a-z0-9]+$/;
/** Mattermost refuses team names that start with any of these (they would shadow its own URLs). */
export const RESERVED_TEAM_NAME_PREFIXES = [
  'admin',
  'api',
  'channel',
  'claim',
  'error',
  'files',
  'help',
  'landing',
  'login',
  'mfa',
  'oauth',
  'plug',
  'plugins',
  'post',
  'signup',
  'boards',
  'playbooks',
];
const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;
const INVITE_ID = /^[a-zA-Z0-9]{1,32}$/;

const runes = (s: string) => [...s].length;
const invalid = (field: string, message: string) => badRequest(`model.team.is_valid.${field}.app_error`, message);

export function validateTeamName(name: unknown): string {
  if (typeof name !== 'string' || name.length < TEAM_NAME_MIN || name.length > TEAM_NAME_MAX) {
    throw invalid('url', `The team name must be between ${TEAM_NAME_MIN} and ${TEAM_NAME_MAX} characters.`);
  }
  const reserved = RESERVED_TEAM_NAME_PREFIXES.find((p) => name.toLowerCase().startsWith(p));
  if (reserved) throw invalid('reserved', `Team names may not start with "${reserved}": it is reserved.`);
  if (!TEAM_NAME.test(name)) {
    throw invalid('characters', 'The team name must be lowercase letters, digits and "-", starting and ending with a letter or digit.');
  }
  return name;
}

function text(value: unknown, errorField: string, label: string, max: number, required = false): string {
  if (value === undefined || value === null) {
    if (required) throw invalid(errorField, `The team ${label} is required.`);
    return '';
  }
  if (typeof value !== 'string') throw invalid(errorField, `The team ${label} must be a string.`);
  const v = required ? value.trim() : value;
  if ((required && v === '') || runes(v) > max) throw invalid(errorField, `The team ${label} must be ${required ? 1 : 0}–${max} characters.`);
  return v;
}

/** The editable fields of a team, checked; only the keys present in the input come back. */
export type TeamChanges = Partial<Pick<TeamRecord, 'display_name' | 'description' | 'company_name' | 'allowed_domains' | 'invite_id' | 'allow_open_invite' | 'email' | 'type'>>;

export function parseTeamChanges(body: Record<string, unknown>, opts: { creating?: boolean } = {}): TeamChanges {
  const out: TeamChanges = {};
  if (body.display_name !== undefined || opts.creating) out.display_name = text(body.display_name, 'name', 'display name', 64, true);
  if (body.description !== undefined) out.description = text(body.description, 'description', 'description', 255);
  if (body.company_name !== undefined) out.company_name = text(body.company_name, 'company', 'company name', 64);
  if (body.allowed_domains !== undefined) out.allowed_domains = text(body.allowed_domains, 'domains', 'allowed domains', 1000);
  if (body.email !== undefined && body.email !== null && body.email !== '') {
    if (typeof body.email !== 'string' || body.email.length > 128 || !EMAIL.test(body.email)) throw invalid('email', 'Invalid team email address.');
    out.email = body.email.toLowerCase();
  }
  if (body.invite_id !== undefined) {
    if (typeof body.invite_id !== 'string' || !INVITE_ID.test(body.invite_id)) throw invalid('invite_id', 'The invite id must be 1–32 letters or digits.');
    out.invite_id = body.invite_id;
  }
  if (body.allow_open_invite !== undefined) {
    if (typeof body.allow_open_invite !== 'boolean') throw invalid('allow_open_invite', 'allow_open_invite must be true or false.');
    out.allow_open_invite = body.allow_open_invite;
  }
  if (body.type !== undefined || opts.creating) {
    const type = body.type ?? 'O';
    if (type !== 'O' && type !== 'I') throw invalid('type', 'The team type must be "O" (open) or "I" (invite only).');
    out.type = type;
  }
  return out;
}

export async function getTeamOr404(ctx: AppContext, id: string, store: Store = ctx.store): Promise<TeamRecord> {
  const team = await store.teams.get(id);
  if (!team) throw notFound('app.team.get.find.app_error', 'Unable to find the team.');
  return team;
}

export async function getTeamByNameOr404(ctx: AppContext, name: string): Promise<TeamRecord> {
  const team = await ctx.store.teams.getByName(name);
  if (!team) throw notFound('app.team.get_by_name.missing.app_error', 'Unable to find the team.');
  return team;
}

/** Open teams anyone may see; others need view_team (403). */
export async function requireTeamVisible(ctx: AppContext, session: Session, team: TeamRecord): Promise<void> {
  if (team.allow_open_invite && team.type === 'O') return;
  if (!(await hasTeamPermission(ctx, session, team.id, 'view_team'))) {
    throw forbidden('api.context.permissions.app_error', 'You do not have the appropriate permissions.');
  }
}

/** A team as the caller may see it: managers see everything, inviters the invite id, others neither it nor the email. */
export async function sanitizeTeam(ctx: AppContext, session: Session, team: TeamRecord): Promise<TeamJson> {
  return sanitizeWith(session, team, await ctx.store.teams.getMember(team.id, session.user_id));
}

/** sanitizeTeam for a list, reading the caller's memberships once. */
export async function sanitizeTeams(ctx: AppContext, session: Session, teams: TeamRecord[]): Promise<TeamJson[]> {
  const members = new Map((await ctx.store.teams.membersForUser(session.user_id)).map((m) => [m.team_id, m]));
  return teams.map((t) => sanitizeWith(session, t, members.get(t.id)));
}

function sanitizeWith(session: Session, team: TeamRecord, member: TeamMemberRecord | undefined): TeamJson {
  const can = (permission: string) =>
    hasPermission(session, permission) || (!!member && member.delete_at === 0 && rolesHave(memberRoles('team', member), permission));
  const json = teamJson(team);
  if (can('manage_team')) return json;
  return { ...json, email: '', invite_id: can('invite_user') ? json.invite_id : '' };
}

/** A team event carries the team as a plain member may see it. */
const teamEvent = (event: string, team: TeamRecord): ServerEvent => ({
  event,
  data: { team: JSON.stringify({ ...teamJson(team), email: '' }) },
  broadcast: { team_id: team.id },
});

export type CreatedTeam = { team: TeamRecord; skipped: SkippedDefaults };

/**
 * Creates a team with its Town Square and Off-Topic channels; the creator (unless this is the local-mode socket)
 * becomes a team admin and joins both, plus the configured default channels.
 */
export async function createTeam(ctx: AppContext, session: Session, body: Record<string, unknown>): Promise<CreatedTeam> {
  const name = validateTeamName(body.name);
  const fields = parseTeamChanges(body, { creating: true });
  return commit(ctx, async (store) => {
    const now = ctx.now();
    const team: TeamRecord = {
      id: newId(),
      create_at: now,
      update_at: now,
      delete_at: 0,
      name,
      display_name: fields.display_name!,
      description: fields.description ?? '',
      email: fields.email ?? '',
      type: fields.type ?? 'O',
      company_name: fields.company_name ?? '',
      allowed_domains: fields.allowed_domains ?? '',
      invite_id: fields.invite_id ?? newId(),
      allow_open_invite: fields.allow_open_invite ?? false,
      last_team_icon_update: 0,
      group_constrained: false,
    };
    if (!(await store.teams.insert(team))) throw badRequest('app.team.save.existing.app_error', `A team with the name "${name}" already exists.`);
    const creatorId = session.local ? '' : session.user_id;
    const channels: ChannelRecord[] = [
      newChannelRecord({ team_id: team.id, type: 'O', name: TOWN_SQUARE, display_name: 'Town Square', creator_id: creatorId }, now),
      newChannelRecord({ team_id: team.id, type: 'O', name: OFF_TOPIC, display_name: 'Off-Topic', creator_id: creatorId }, now),
    ];
    for (const channel of channels) await store.channels.insert(channel);
    if (!creatorId) return { result: { team, skipped: { missing: [], private: [] } } };
    const creator = await store.users.get(creatorId);
    if (!creator) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
    const joined = await joinTeamInTx(ctx, store, team, creator, { admin: true, extraChannels: channels });
    return { result: { team, skipped: joined.skipped }, events: joined.events };
  });
}

/** Applies checked changes to a team (manage_team is the caller's to check). */
export async function updateTeam(ctx: AppContext, team: TeamRecord, changes: TeamChanges): Promise<TeamRecord> {
  return commit(ctx, async (store) => {
    const next: TeamRecord = { ...team, ...changes, update_at: ctx.now() };
    await store.teams.update(team.id, { ...changes, update_at: next.update_at });
    return { result: next, events: [teamEvent('update_team', next)] };
  });
}

/** Archives a team (delete_at); or, with permanent and ServiceSettings.EnableAPITeamDeletion, removes it for good. */
export async function deleteTeam(ctx: AppContext, team: TeamRecord, permanent: boolean): Promise<void> {
  if (permanent && !ctx.config.get().ServiceSettings.EnableAPITeamDeletion) {
    throw forbidden('api.user.delete_team.not_enabled.app_error', 'Permanent team deletion through the API is disabled (ServiceSettings.EnableAPITeamDeletion).');
  }
  await commit(ctx, async (store) => {
    const now = ctx.now();
    const event = teamEvent('delete_team', { ...team, delete_at: team.delete_at || now, update_at: now });
    if (permanent) await store.teams.deletePermanently(team.id);
    else await store.teams.update(team.id, { delete_at: now, update_at: now });
    return { result: undefined, events: [event] };
  });
}

export async function restoreTeam(ctx: AppContext, team: TeamRecord): Promise<TeamRecord> {
  if (team.delete_at === 0) throw badRequest('api.team.restore_team.not_archived.app_error', 'The team is not archived.');
  return commit(ctx, async (store) => {
    const next = { ...team, delete_at: 0, update_at: ctx.now() };
    await store.teams.update(team.id, { delete_at: 0, update_at: next.update_at });
    return { result: next, events: [teamEvent('restore_team', next)] };
  });
}

/** Adds users to a team (and its default channels). All or nothing: one transaction. */
export async function addTeamMembers(ctx: AppContext, team: TeamRecord, userIds: string[]): Promise<{ members: TeamMemberRecord[]; skipped: SkippedDefaults }> {
  for (const id of userIds) if (!isValidId(id)) throw invalidParam('user_id');
  return commit(ctx, async (store) => {
    const members: TeamMemberRecord[] = [];
    const events: ServerEvent[] = [];
    let skipped: SkippedDefaults = { missing: [], private: [] };
    const defaults: DefaultsCache = new Map();
    for (const userId of new Set(userIds)) {
      const user = await store.users.get(userId);
      if (!user) throw notFound('app.user.missing_account.const', `Unable to find the user ${userId}.`);
      const joined = await joinTeamInTx(ctx, store, team, user, { defaults });
      members.push(joined.member);
      events.push(...joined.events);
      if (joined.joined) skipped = joined.skipped;
    }
    return { result: { members, skipped }, events };
  });
}

/** Removes a user from a team and its channels. */
export async function removeTeamMember(ctx: AppContext, teamId: string, userId: string, removerId: string): Promise<void> {
  await commit(ctx, async (store) => ({ result: undefined, events: await leaveTeamInTx(ctx, store, teamId, userId, removerId) }));
}

/** Sets a member's team roles: "team_user", optionally with "team_admin". */
export async function updateTeamMemberRoles(ctx: AppContext, teamId: string, userId: string, roles: unknown): Promise<TeamMemberRecord> {
  const list = roleList(roles);
  if (!list || !list.includes('team_user') || list.some((r) => r !== 'team_user' && r !== 'team_admin')) {
    throw badRequest('api.context.invalid_param.app_error', 'Invalid roles: use "team_user" or "team_user team_admin".');
  }
  return commit(ctx, async (store) => {
    const member = await store.teams.getMember(teamId, userId);
    if (!member || member.delete_at !== 0) throw notFound('app.team.get_member.missing.app_error', 'That user is not a member of the team.');
    const next: TeamMemberRecord = { ...member, roles: '', scheme_user: true, scheme_admin: list.includes('team_admin') };
    await store.teams.updateMember(teamId, userId, { roles: '', scheme_user: true, scheme_admin: next.scheme_admin });
    return {
      result: next,
      events: [{ event: 'memberrole_updated', data: { member: JSON.stringify(teamMemberJson(next)) }, broadcast: { user_id: userId } }],
    };
  });
}

export type TeamUnread = {
  team_id: string;
  msg_count: number;
  mention_count: number;
  mention_count_root: number;
  msg_count_root: number;
  thread_count: number;
  thread_mention_count: number;
  thread_urgent_mention_count: number;
};

/**
 * Unread totals per team the user belongs to, summed over their channel memberships: unread messages (total minus
 * read; channels set to mark_unread=mention do not count) and unread mentions.
 */
export async function teamUnreads(ctx: AppContext, userId: string, onlyTeamId?: string): Promise<TeamUnread[]> {
  const teams = (await ctx.store.teams.forUser(userId)).filter((t) => onlyTeamId === undefined || t.id === onlyTeamId);
  const byTeam = new Map<string, TeamUnread>(
    teams.map((t) => [
      t.id,
      { team_id: t.id, msg_count: 0, mention_count: 0, mention_count_root: 0, msg_count_root: 0, thread_count: 0, thread_mention_count: 0, thread_urgent_mention_count: 0 },
    ]),
  );
  for (const row of await ctx.store.channels.unreadRows(userId)) {
    const unread = byTeam.get(row.team_id);
    if (!unread) continue;
    const m = row.member;
    if (m.notify_props.mark_unread !== 'mention') {
      unread.msg_count += Math.max(0, row.total_msg_count - m.msg_count);
      unread.msg_count_root += Math.max(0, row.total_msg_count_root - m.msg_count_root);
    }
    unread.mention_count += m.mention_count;
    unread.mention_count_root += m.mention_count_root;
  }
  return [...byTeam.values()];
}
