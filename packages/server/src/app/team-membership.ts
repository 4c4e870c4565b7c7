import type { AppContext } from './context.ts';
import type { ServerEvent } from '../realtime/bus.ts';
import type { Store } from '../store/store.ts';
import type { ChannelRecord } from '../store/channels.ts';
import type { TeamMemberRecord, TeamRecord } from '../store/teams.ts';
import type { UserRecord } from '../store/users.ts';
import { badRequest, notFound } from './errors.ts';
import { newChannelMember, userRemovedEvents } from './channels.ts';
import { defaultChannelEntries, resolveDefaultChannels, type DefaultChannelResolution } from './default-channels.ts';

/** Entries of ExperimentalDefaultChannels that were not joined, and why; the caller logs them. */
export type SkippedDefaults = { missing: string[]; private: string[] };

export type JoinResult = {
  member: TeamMemberRecord;
  /** False when the user already was an active member (nothing changed). */
  joined: boolean;
  skipped: SkippedDefaults;
  events: ServerEvent[];
};

/** Whether the user's email domain is one the team allows (an empty list allows all). */
export function emailAllowed(team: TeamRecord, user: UserRecord): boolean {
  const domains = team.allowed_domains
    .split(/[\s,@]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  if (domains.length === 0 || user.is_bot) return true;
  const domain = user.email.split('@').pop()?.toLowerCase() ?? '';
  return domains.includes(domain);
}

/**
 * Makes a user an active member of a team inside the caller's transaction, and joins them to the team's default
 * channels (see default-channels.ts; the config is read now, so a change applies to the next joiner). A user who
 * left before is re-admitted with fresh roles. `extraChannels` are joined as well (a new team's creator joins every
 * channel made with it).
 */
export async function joinTeamInTx(
  ctx: AppContext,
  store: Store,
  team: TeamRecord,
  user: UserRecord,
  opts: { admin?: boolean; extraChannels?: ChannelRecord[]; defaults?: DefaultsCache } = {},
): Promise<JoinResult> {
  const none: SkippedDefaults = { missing: [], private: [] };
  if (team.delete_at !== 0) throw badRequest('app.team.join_user_to_team.archived.app_error', `The team ${team.name} is archived.`);
  if (user.delete_at !== 0) throw badRequest('app.team.join_user_to_team.deactivated.app_error', `The user ${user.username} is deactivated.`);
  const existing = await store.teams.getMember(team.id, user.id);
  if (existing && existing.delete_at === 0) return { member: existing, joined: false, skipped: none, events: [] };
  if (!emailAllowed(team, user)) {
    throw badRequest('api.team.join_user_to_team.allowed_domains.app_error', `The team only admits email addresses from: ${team.allowed_domains}.`);
  }
  const max = ctx.config.get().TeamSettings.MaxUsersPerTeam;
  if ((await store.teams.countMembers(team.id)).active >= max) {
    throw badRequest('app.team.join_user_to_team.max_accounts.app_error', `This team has reached its limit of ${max} members (TeamSettings.MaxUsersPerTeam).`);
  }
  const now = ctx.now();
  const member: TeamMemberRecord = {
    team_id: team.id,
    user_id: user.id,
    roles: '',
    scheme_user: true,
    scheme_admin: opts.admin === true,
    scheme_guest: false,
    delete_at: 0,
    create_at: existing?.create_at ?? now,
  };
  if (!(await store.teams.saveMember(member))) {
    // A concurrent request made them a member first.
    return { member: (await store.teams.getMember(team.id, user.id))!, joined: false, skipped: none, events: [] };
  }

  const resolved = opts.defaults?.get(team.id) ?? (await resolveForTeam(ctx, store, team.id));
  opts.defaults?.set(team.id, resolved);
  const events: ServerEvent[] = [{ event: 'added_to_team', data: { team_id: team.id, user_id: user.id }, broadcast: { user_id: user.id } }];
  const seen = new Set<string>();
  for (const channel of [...resolved.channels, ...(opts.extraChannels ?? [])]) {
    if (seen.has(channel.id)) continue;
    seen.add(channel.id);
    if (await store.channels.insertMember(newChannelMember(channel.id, user.id, now))) {
      events.push({ event: 'user_added', data: { user_id: user.id, team_id: team.id }, broadcast: { channel_id: channel.id } });
    }
  }
  return { member, joined: true, skipped: { missing: resolved.missing, private: resolved.private }, events };
}

/** Resolved default channels by team, so a batch of joins resolves them once. */
export type DefaultsCache = Map<string, DefaultChannelResolution>;

async function resolveForTeam(ctx: AppContext, store: Store, teamId: string): Promise<DefaultChannelResolution> {
  const entries = defaultChannelEntries(ctx.config.get().TeamSettings.ExperimentalDefaultChannels);
  return resolveDefaultChannels(entries, await store.channels.findByNameOrDisplayName(teamId, entries));
}

/**
 * Takes a user out of a team: the membership is kept as left (delete_at set, roles cleared) and they leave every
 * channel of the team.
 */
export async function leaveTeamInTx(ctx: AppContext, store: Store, teamId: string, userId: string, removerId: string): Promise<ServerEvent[]> {
  const member = await store.teams.getMember(teamId, userId);
  if (!member || member.delete_at !== 0) throw notFound('app.team.get_member.missing.app_error', 'That user is not a member of the team.');
  const channelIds = await store.channels.removeMemberFromTeamChannels(teamId, userId);
  await store.teams.updateMember(teamId, userId, { delete_at: ctx.now(), roles: '', scheme_admin: false });
  // As Mattermost (ClearSidebarOnTeamLeave): a rejoined team starts with a fresh sidebar.
  await store.sidebar.clearTeam(userId, teamId);
  return [
    ...channelIds.flatMap((channelId) => userRemovedEvents(channelId, userId, removerId)),
    { event: 'leave_team', data: { user_id: userId, team_id: teamId }, broadcast: { team_id: teamId } },
  ];
}
