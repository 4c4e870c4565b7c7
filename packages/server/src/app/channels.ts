import { createHash } from 'node:crypto';
import { commit, type AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import type { ServerEvent } from '../realtime/bus.ts';
import type { Store } from '../store/store.ts';
import type { ChannelMemberRecord, ChannelRecord } from '../store/channels.ts';
import type { UserRecord } from '../store/users.ts';
import { AppError, badRequest, forbidden, invalidParam, noPermission, notFound } from './errors.ts';
import { isValidId, newId } from './ids.ts';
import { hasChannelPermission, hasPermission, hasTeamPermission, requireChannelPermission, requireTeamPermission } from './permissions.ts';
import { channelNameProblem, deriveChannelName, firstFreeName } from './channel-names.ts';
import { TOWN_SQUARE } from './default-channels.ts';
import { channelJson, channelMemberJson } from './wire.ts';

export const DISPLAY_NAME_MAX = 64;
export const HEADER_MAX = 1024;
export const PURPOSE_MAX = 250;
const GROUP_MIN = 3;
const GROUP_MAX = 8;

/** A new member's notification settings: follow the account's defaults everywhere. */
export const DEFAULT_CHANNEL_NOTIFY_PROPS: Readonly<Record<string, string>> = {
  desktop: 'default',
  desktop_sound: 'default',
  desktop_threads: 'all',
  email: 'default',
  push: 'default',
  push_threads: 'all',
  mark_unread: 'all',
  ignore_channel_mentions: 'default',
  channel_auto_follow_threads: 'off',
};

// The values each channel notify prop may take, as Mattermost's ChannelMember.IsValid checks them.
const LEVELS = ['default', 'all', 'mention', 'none'];
const NOTIFY_PROP_VALUES: Record<string, { values: string[]; errorId: string }> = {
  desktop: { values: LEVELS, errorId: 'model.channel_member.is_valid.notify_level.app_error' },
  push: { values: LEVELS, errorId: 'model.channel_member.is_valid.push_level.app_error' },
  email: { values: [...LEVELS, 'true', 'false'], errorId: 'model.channel_member.is_valid.email_value.app_error' },
  desktop_threads: { values: LEVELS, errorId: 'model.channel_member.is_valid.notify_level.app_error' },
  push_threads: { values: LEVELS, errorId: 'model.channel_member.is_valid.push_level.app_error' },
  desktop_sound: { values: ['default', 'on', 'off', 'true', 'false'], errorId: 'model.channel_member.is_valid.notify_level.app_error' },
  desktop_notification_sound: {
    values: ['default', 'Bing', 'Crackle', 'Down', 'Hello', 'Ripple', 'Upstairs'],
    errorId: 'model.channel_member.is_valid.notify_level.app_error',
  },
  mark_unread: { values: ['all', 'mention'], errorId: 'model.channel_member.is_valid.unread_level.app_error' },
  ignore_channel_mentions: { values: ['default', 'off', 'on'], errorId: 'model.channel_member.is_valid.ignore_channel_mentions_value.app_error' },
  channel_auto_follow_threads: { values: ['off', 'on'], errorId: 'model.channel_member.is_valid.channel_auto_follow_threads_value.app_error' },
};

/** A membership as it starts: nothing read, default notifications; the creator of a channel is its admin. */
export function newChannelMember(channelId: string, userId: string, now: number, admin = false): ChannelMemberRecord {
  return {
    channel_id: channelId,
    user_id: userId,
    roles: '',
    scheme_user: true,
    scheme_admin: admin,
    scheme_guest: false,
    last_viewed_at: 0,
    msg_count: 0,
    msg_count_root: 0,
    mention_count: 0,
    mention_count_root: 0,
    urgent_mention_count: 0,
    notify_props: { ...DEFAULT_CHANNEL_NOTIFY_PROPS },
    last_update_at: now,
  };
}

/** A fresh channel record with everything but the given fields at its starting value. */
export function newChannelRecord(fields: Pick<ChannelRecord, 'team_id' | 'type' | 'name' | 'display_name' | 'creator_id'> & Partial<ChannelRecord>, now: number): ChannelRecord {
  return {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    header: '',
    purpose: '',
    last_post_at: 0,
    last_root_post_at: 0,
    total_msg_count: 0,
    total_msg_count_root: 0,
    group_constrained: false,
    props: {},
    ...fields,
  };
}

const runes = (s: string) => [...s].length;

function text(value: unknown, field: string, max: number, errorId: string): string {
  if (typeof value !== 'string') throw badRequest(errorId, `The channel ${field} must be a string.`);
  if (runes(value) > max) throw badRequest(errorId, `The channel ${field} must be at most ${max} characters.`);
  return value;
}

/** A display name: free text (brackets, emoji …), 1–64 characters after trimming. */
export function validateDisplayName(value: unknown): string {
  const errorId = 'model.channel.is_valid.display_name.app_error';
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw badRequest(errorId, 'A channel needs a display name.');
  }
  return text(value, 'display name', DISPLAY_NAME_MAX, errorId).trim();
}

export const validateHeader = (value: unknown) => text(value, 'header', HEADER_MAX, 'model.channel.is_valid.header.app_error');
export const validatePurpose = (value: unknown) => text(value, 'purpose', PURPOSE_MAX, 'model.channel.is_valid.purpose.app_error');

export function validateChannelName(value: unknown): string {
  if (typeof value !== 'string') throw badRequest('model.channel.is_valid.2_or_more.app_error', 'The channel handle must be a string.');
  const problem = channelNameProblem(value);
  if (problem) throw problem;
  return value;
}

const nameTaken = (name: string, archived: boolean) =>
  badRequest(
    archived ? 'store.sql_channel.save_channel.previously.app_error' : 'store.sql_channel.save_channel.exists.app_error',
    archived
      ? `An archived channel in this team already uses the handle "${name}"; restore it or choose another handle.`
      : `A channel with the handle "${name}" already exists in this team.`,
  );

export async function getChannelOr404(ctx: AppContext, id: string, store: Store = ctx.store): Promise<ChannelRecord> {
  const channel = await store.channels.get(id);
  if (!channel) throw notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.');
  return channel;
}

async function getActiveUser(store: Store, userId: string): Promise<UserRecord> {
  const user = await store.users.get(userId);
  if (!user) throw notFound('app.user.missing_account.const', `Unable to find the user ${userId}.`);
  if (user.delete_at !== 0) throw badRequest('api.channel.add_user.to.channel.failed.deactivated.app_error', `The user ${user.username} is deactivated.`);
  return user;
}

/** Public channels need read_public_channel in the team (or membership); others read_channel. 403 otherwise. */
export async function requireChannelRead(ctx: AppContext, session: Session, channel: ChannelRecord): Promise<void> {
  if (channel.type === 'O' && channel.team_id && (await hasTeamPermission(ctx, session, channel.team_id, 'read_public_channel'))) return;
  await requireChannelPermission(ctx, session, channel.id, 'read_channel');
}

/**
 * Lookups by handle: as Mattermost, a private channel the caller may not read is reported missing (404) rather than
 * forbidden, so handles of private channels do not leak; team admins may look them up.
 */
export async function requireChannelReadByName(ctx: AppContext, session: Session, channel: ChannelRecord): Promise<void> {
  if (channel.type === 'O') return requireChannelRead(ctx, session, channel);
  if (await hasChannelPermission(ctx, session, channel.id, 'read_channel')) return;
  if (channel.team_id && (await hasTeamPermission(ctx, session, channel.team_id, 'manage_team'))) return;
  throw notFound('app.channel.get_by_name.missing.app_error', 'Unable to find the channel.');
}

export type NewChannelInput = {
  team_id?: unknown;
  name?: unknown;
  display_name?: unknown;
  header?: unknown;
  purpose?: unknown;
  type?: unknown;
};

/**
 * Creates a public or private team channel, its creator as channel admin. Without a handle, one is derived from the
 * display name ("[drift] alt" → "drift-alt"), with "-2", "-3" … appended when the team already has it.
 */
export async function createChannel(ctx: AppContext, session: Session, input: NewChannelInput): Promise<ChannelRecord> {
  if (!isValidId(input.team_id)) throw invalidParam('team_id');
  const teamId = input.team_id;
  if (input.type === 'D' || input.type === 'G') {
    throw badRequest('api.channel.create_channel.direct_channel.app_error', 'Use POST /channels/direct or /channels/group for direct and group messages.');
  }
  if (input.type !== 'O' && input.type !== 'P') throw badRequest('model.channel.is_valid.type.app_error', 'The channel type must be "O" (public) or "P" (private).');
  const type = input.type;
  const displayName = validateDisplayName(input.display_name);
  const header = input.header === undefined || input.header === null ? '' : validateHeader(input.header);
  const purpose = input.purpose === undefined || input.purpose === null ? '' : validatePurpose(input.purpose);
  const explicitName = input.name === undefined || input.name === null || input.name === '' ? undefined : validateChannelName(input.name);

  await requireTeamPermission(ctx, session, teamId, type === 'O' ? 'create_public_channel' : 'create_private_channel');
  const team = await ctx.store.teams.get(teamId);
  if (!team) throw notFound('app.team.get.find.app_error', 'Unable to find the team.');
  if (team.delete_at !== 0) throw badRequest('api.channel.create_channel.archived_team.app_error', 'Channels cannot be created in an archived team.');
  const creatorId = session.local ? '' : session.user_id;

  return commit(ctx, async (store) => {
    const max = ctx.config.get().TeamSettings.MaxChannelsPerTeam;
    if ((await store.channels.countForTeam(teamId)) >= max) {
      throw badRequest('api.channel.create_channel.max_channel_limit.app_error', `This team has reached its limit of ${max} channels (TeamSettings.MaxChannelsPerTeam).`);
    }
    const now = ctx.now();
    const record = newChannelRecord({ team_id: teamId, type, name: explicitName ?? '', display_name: displayName, creator_id: creatorId, header, purpose }, now);
    await insertChannel(store, record, explicitName === undefined);
    if (creatorId) await store.channels.insertMember(newChannelMember(record.id, creatorId, now, true));
    const events: ServerEvent[] = creatorId ? [{ event: 'channel_created', data: { channel_id: record.id, team_id: teamId }, broadcast: { user_id: creatorId } }] : [];
    return { result: record, events };
  });
}

/** Inserts a team channel; with derive, picks the first free handle from the display name (racing inserts included). */
export async function insertChannel(store: Store, record: ChannelRecord, derive: boolean): Promise<void> {
  if (!derive) {
    if (await store.channels.insert(record)) return;
    const existing = await store.channels.getByName(record.team_id, record.name, true);
    throw nameTaken(record.name, !!existing && existing.delete_at !== 0);
  }
  const base = deriveChannelName(record.display_name) || newId();
  // A concurrent creation may take the handle between the look-up and the insert; then look again.
  for (let attempt = 0; attempt < 5; attempt++) {
    record.name = firstFreeName(base, await store.channels.namesWithPrefix(record.team_id, base));
    if (await store.channels.insert(record)) return;
  }
  throw new AppError('app.channel.save.name_conflict.app_error', 'Could not find a free handle for the channel; try again.', 409);
}

/** Mattermost's direct message handle: the two user ids, sorted, joined by "__". */
export const directChannelName = (a: string, b: string) => [a, b].sort().join('__');

/** Mattermost's group message handle: the SHA-1 of the sorted member ids. */
export const groupChannelName = (userIds: string[]) => createHash('sha1').update([...userIds].sort().join('')).digest('hex');

/** The direct message between two users (one user: a note to self), created on first use. */
export async function getOrCreateDirectChannel(ctx: AppContext, session: Session, ids: string[]): Promise<ChannelRecord> {
  // A single id is a note to self (Mattermost drops the duplicate of [me, me] the same way).
  const unique = [...new Set(ids)];
  const userIds = unique.length === 1 && unique[0] === session.user_id ? [unique[0], unique[0]] : unique;
  if (userIds.length !== 2) throw invalidParam('user_ids');
  for (const id of userIds) if (!isValidId(id)) throw invalidParam('user_id');
  if (!hasPermission(session, 'create_direct_channel')) throw noPermission('create_direct_channel');
  if (!userIds.includes(session.user_id) && !hasPermission(session, 'manage_system')) throw noPermission('manage_system');
  const [a, b] = userIds as [string, string];
  for (const id of new Set(userIds)) await getActiveUser(ctx.store, id);
  if (a !== b && ctx.config.get().TeamSettings.RestrictDirectMessage === 'team' && !hasPermission(session, 'manage_system') && !(await ctx.store.teams.shareTeam(a, b))) {
    throw forbidden('api.channel.create_direct_channel.restricted.app_error', 'Direct messages are restricted to users who share a team (TeamSettings.RestrictDirectMessage).');
  }
  const name = directChannelName(a, b);
  const existing = await ctx.store.channels.getByName('', name, true);
  if (existing) return existing;
  return commit(ctx, async (store) => {
    const now = ctx.now();
    const record = newChannelRecord({ team_id: '', type: 'D', name, display_name: '', creator_id: session.user_id }, now);
    // A concurrent request may have created it meanwhile: then that one is the answer.
    if (!(await store.channels.insert(record))) return { result: (await store.channels.getByName('', name, true))! };
    for (const id of new Set(userIds)) await store.channels.insertMember(newChannelMember(record.id, id, now));
    const teammate = a === session.user_id ? b : a;
    return {
      result: record,
      events: [{ event: 'direct_added', data: { creator_id: session.user_id, teammate_id: teammate }, broadcast: { channel_id: record.id } }],
    };
  });
}

/** The group message among 3–8 users (the caller included), found by its member set or created. */
export async function getOrCreateGroupChannel(ctx: AppContext, session: Session, ids: string[]): Promise<ChannelRecord> {
  if (ids.length === 0) throw invalidParam('user_ids');
  for (const id of ids) if (!isValidId(id)) throw invalidParam('user_id');
  const userIds = [...new Set([...ids, session.user_id])].sort();
  if (!hasPermission(session, 'create_group_channel')) throw noPermission('create_group_channel');
  if (userIds.length < GROUP_MIN || userIds.length > GROUP_MAX) {
    throw badRequest('api.channel.create_group.bad_size.app_error', `A group message has between ${GROUP_MIN} and ${GROUP_MAX} members, you included.`);
  }
  const users = await ctx.store.users.getMany(userIds);
  const missing = userIds.filter((id) => !users.some((u) => u.id === id && u.delete_at === 0));
  if (missing.length > 0) throw badRequest('api.create_group.bad_user.app_error', `These users do not exist or are deactivated: ${missing.join(', ')}.`);
  const name = groupChannelName(userIds);
  const existing = await ctx.store.channels.getByName('', name, true);
  if (existing) return existing;
  const displayName = users
    .map((u) => u.username)
    .sort()
    .join(', ');
  return commit(ctx, async (store) => {
    const now = ctx.now();
    const record = newChannelRecord({ team_id: '', type: 'G', name, display_name: displayName, creator_id: session.user_id }, now);
    if (!(await store.channels.insert(record))) return { result: (await store.channels.getByName('', name, true))! };
    for (const id of userIds) await store.channels.insertMember(newChannelMember(record.id, id, now));
    return {
      result: record,
      events: [{ event: 'group_added', data: { teammate_ids: JSON.stringify(userIds.filter((id) => id !== session.user_id)) }, broadcast: { channel_id: record.id } }],
    };
  });
}

export type ChannelChanges = { display_name?: string; name?: string; header?: string; purpose?: string };

/** Reads a patch body: only the fields present are changed; 400 for wrong types or limits, before anything is written. */
export function parseChannelPatch(body: Record<string, unknown>): ChannelChanges {
  const changes: ChannelChanges = {};
  if (body.display_name !== undefined && body.display_name !== null) changes.display_name = validateDisplayName(body.display_name);
  if (body.name !== undefined && body.name !== null) changes.name = validateChannelName(body.name);
  if (body.header !== undefined && body.header !== null) changes.header = validateHeader(body.header);
  if (body.purpose !== undefined && body.purpose !== null) changes.purpose = validatePurpose(body.purpose);
  return changes;
}

/**
 * Renames or re-describes a channel. Team channels need manage_*_channel_properties; in direct and group messages
 * members may change only the header. Town Square keeps its handle; archived channels cannot change.
 */
export async function updateChannel(ctx: AppContext, session: Session, channel: ChannelRecord, changes: ChannelChanges): Promise<ChannelRecord> {
  if (channel.type === 'O' || channel.type === 'P') {
    const permission = channel.type === 'O' ? 'manage_public_channel_properties' : 'manage_private_channel_properties';
    await requireChannelPermission(ctx, session, channel.id, permission);
  } else {
    if (!(await ctx.store.channels.getMember(channel.id, session.user_id)) && !hasPermission(session, 'manage_system')) {
      throw forbidden('api.channel.patch_update_channel.forbidden.app_error', 'Only members may change a direct or group message.');
    }
    const renames =
      (changes.name !== undefined && changes.name !== channel.name) ||
      (changes.display_name !== undefined && changes.display_name !== channel.display_name) ||
      (changes.purpose !== undefined && changes.purpose !== channel.purpose);
    if (renames) {
      throw badRequest(
        'api.channel.patch_update_channel.update_direct_or_group_messages_not_allowed.app_error',
        'Direct and group messages have no name or purpose to change; only the header.',
      );
    }
  }
  if (channel.delete_at !== 0) throw badRequest('api.channel.update_channel.deleted.app_error', 'An archived channel cannot be changed; restore it first.');
  if (channel.name === TOWN_SQUARE && changes.name !== undefined && changes.name !== channel.name) {
    throw badRequest('api.channel.update_channel.tried.app_error', `The handle of ${TOWN_SQUARE} cannot be changed.`);
  }
  return commit(ctx, async (store) => {
    const next: ChannelRecord = { ...channel, ...changes, update_at: ctx.now() };
    if (changes.name !== undefined && changes.name !== channel.name) {
      const clash = await store.channels.getByName(channel.team_id, changes.name, true);
      if (clash) throw nameTaken(changes.name, clash.delete_at !== 0);
    }
    try {
      await store.channels.update(channel.id, { ...changes, update_at: next.update_at });
    } catch (err) {
      // Only a rename racing another can break the unique handle index here.
      if (changes.name !== undefined) throw nameTaken(changes.name, false);
      throw err;
    }
    return { result: next, events: [channelUpdated(next)] };
  });
}

const channelUpdated = (channel: ChannelRecord): ServerEvent => ({
  event: 'channel_updated',
  data: { channel: JSON.stringify(channelJson(channel)) },
  broadcast: { channel_id: channel.id },
});

/** Where news about a channel's existence goes: the whole team for public channels, only members for private ones. */
const channelAudience = (channel: ChannelRecord) => (channel.type === 'O' ? { team_id: channel.team_id } : { channel_id: channel.id });

/** Converts between public and private (Town Square stays public). */
export async function setChannelPrivacy(ctx: AppContext, session: Session, channel: ChannelRecord, privacy: unknown): Promise<ChannelRecord> {
  if (privacy !== 'O' && privacy !== 'P') throw invalidParam('privacy');
  if (channel.type !== 'O' && channel.type !== 'P') {
    throw badRequest('api.channel.update_channel_privacy.direct_or_group_channel.app_error', 'Direct and group messages cannot be made public or private.');
  }
  await requireChannelPermission(ctx, session, channel.id, privacy === 'P' ? 'convert_public_channel_to_private' : 'convert_private_channel_to_public');
  if (channel.name === TOWN_SQUARE && privacy === 'P') {
    throw badRequest('api.channel.update_channel_privacy.default_channel_error', `${TOWN_SQUARE} cannot be made private.`);
  }
  if (channel.delete_at !== 0) throw badRequest('api.channel.update_channel.deleted.app_error', 'An archived channel cannot be changed; restore it first.');
  if (channel.type === privacy) return channel;
  return commit(ctx, async (store) => {
    const next: ChannelRecord = { ...channel, type: privacy, update_at: ctx.now() };
    await store.channels.update(channel.id, { type: privacy, update_at: next.update_at });
    return {
      result: next,
      events: [channelUpdated(next), { event: 'channel_converted', data: { channel_id: channel.id }, broadcast: { team_id: channel.team_id } }],
    };
  });
}

/** Archives (soft-deletes) a team channel; Town Square cannot be archived. */
export async function archiveChannel(ctx: AppContext, session: Session, channel: ChannelRecord): Promise<void> {
  await requireDeletable(ctx, session, channel);
  if (channel.delete_at !== 0) throw badRequest('api.channel.delete_channel.deleted.app_error', 'The channel is already archived.');
  await commit(ctx, async (store) => {
    const now = ctx.now();
    await store.channels.update(channel.id, { delete_at: now, update_at: now });
    return {
      result: undefined,
      events: [{ event: 'channel_deleted', data: { channel_id: channel.id, delete_at: now }, broadcast: channelAudience(channel) }],
    };
  });
}

/** Removes a team channel and its memberships for good; only with ServiceSettings.EnableAPIChannelDeletion. */
export async function deleteChannelPermanently(ctx: AppContext, session: Session, channel: ChannelRecord): Promise<void> {
  await requireDeletable(ctx, session, channel);
  if (!ctx.config.get().ServiceSettings.EnableAPIChannelDeletion) {
    throw forbidden('api.user.delete_channel.not_enabled.app_error', 'Permanent channel deletion through the API is disabled (ServiceSettings.EnableAPIChannelDeletion).');
  }
  await commit(ctx, async (store) => {
    await store.channels.deletePermanently(channel.id);
    return {
      result: undefined,
      events: [{ event: 'channel_deleted', data: { channel_id: channel.id, delete_at: ctx.now() }, broadcast: channelAudience(channel) }],
    };
  });
}

async function requireDeletable(ctx: AppContext, session: Session, channel: ChannelRecord): Promise<void> {
  if (channel.type === 'D' || channel.type === 'G') throw badRequest('api.channel.delete_channel.type.invalid', 'Direct and group messages cannot be archived.');
  await requireChannelPermission(ctx, session, channel.id, channel.type === 'O' ? 'delete_public_channel' : 'delete_private_channel');
  if (channel.name === TOWN_SQUARE) throw badRequest('api.channel.delete_channel.cannot.app_error', `${TOWN_SQUARE} cannot be archived.`);
}

/** Brings an archived channel back; needs manage_team in its team. */
export async function restoreChannel(ctx: AppContext, session: Session, channel: ChannelRecord): Promise<ChannelRecord> {
  if (!channel.team_id) throw badRequest('api.channel.restore_channel.type.invalid', 'Direct and group messages are never archived.');
  await requireTeamPermission(ctx, session, channel.team_id, 'manage_team');
  if (channel.delete_at === 0) throw badRequest('api.channel.restore_channel.restored.app_error', 'The channel is not archived.');
  return commit(ctx, async (store) => {
    const next: ChannelRecord = { ...channel, delete_at: 0, update_at: ctx.now() };
    await store.channels.update(channel.id, { delete_at: 0, update_at: next.update_at });
    return { result: next, events: [{ event: 'channel_restored', data: { channel_id: channel.id }, broadcast: channelAudience(channel) }] };
  });
}

/**
 * Adds users to a team channel. Joining a public channel yourself needs join_public_channels in the team; adding
 * others needs manage_public_channel_members, or manage_private_channel_members for private channels (which members
 * and team admins have). Everyone added must be an active member of the team. Users already in the channel are
 * returned as they are. All or nothing: one transaction.
 */
export async function addChannelMembers(ctx: AppContext, session: Session, channel: ChannelRecord, userIds: string[]): Promise<ChannelMemberRecord[]> {
  if (channel.type === 'D' || channel.type === 'G') throw badRequest('api.channel.add_user_to_channel.type.app_error', 'Members cannot be added to direct or group messages.');
  const others = userIds.some((id) => id !== session.user_id);
  const self = userIds.includes(session.user_id);
  if (channel.type === 'O') {
    if (self && !(await ctx.store.channels.getMember(channel.id, session.user_id))) {
      await requireTeamPermission(ctx, session, channel.team_id, 'join_public_channels');
    }
    if (others) await requireChannelPermission(ctx, session, channel.id, 'manage_public_channel_members');
  } else {
    await requireChannelPermission(ctx, session, channel.id, 'manage_private_channel_members');
  }
  if (channel.delete_at !== 0) throw badRequest('api.channel.add_user_to_channel.deleted.app_error', 'Members cannot be added to an archived channel.');
  return commit(ctx, async (store) => {
    const now = ctx.now();
    const members: ChannelMemberRecord[] = [];
    const events: ServerEvent[] = [];
    for (const userId of new Set(userIds)) {
      const user = await getActiveUser(store, userId);
      const teamMember = await store.teams.getMember(channel.team_id, userId);
      if (!teamMember || teamMember.delete_at !== 0) {
        throw forbidden('api.channel.add_user.to.channel.failed.deleted.app_error', `${user.username} is not a member of this channel's team; add them to the team first.`);
      }
      const member = newChannelMember(channel.id, userId, now);
      if (await store.channels.insertMember(member)) {
        members.push(member);
        events.push({ event: 'user_added', data: { user_id: userId, team_id: channel.team_id }, broadcast: { channel_id: channel.id } });
      } else {
        members.push((await store.channels.getMember(channel.id, userId))!);
      }
    }
    return { result: members, events };
  });
}

/**
 * Removes a user from a team channel: anyone may leave, removing others needs manage_*_channel_members. Nobody
 * leaves Town Square, and direct and group messages have fixed members.
 */
export async function removeChannelMember(ctx: AppContext, session: Session, channel: ChannelRecord, userId: string): Promise<void> {
  if (channel.type !== 'O' && channel.type !== 'P') {
    throw badRequest('api.channel.remove_channel_member.type.app_error', 'Members cannot be removed from direct or group messages.');
  }
  if (userId !== session.user_id) {
    await requireChannelPermission(ctx, session, channel.id, channel.type === 'O' ? 'manage_public_channel_members' : 'manage_private_channel_members');
  }
  if (channel.name === TOWN_SQUARE) throw badRequest('api.channel.remove.default.app_error', `Nobody can leave ${TOWN_SQUARE}; it is where the whole team meets.`);
  await commit(ctx, async (store) => {
    if (!(await store.channels.removeMember(channel.id, userId))) {
      throw notFound('app.channel.get_member.missing.app_error', 'That user is not a member of the channel.');
    }
    const remover = session.user_id;
    return { result: undefined, events: userRemovedEvents(channel.id, userId, remover) };
  });
}

/** Mattermost's pair of events for a removal: one to the channel, one to the person removed. */
export const userRemovedEvents = (channelId: string, userId: string, removerId: string): ServerEvent[] => [
  { event: 'user_removed', data: { user_id: userId, remover_id: removerId }, broadcast: { channel_id: channelId } },
  { event: 'user_removed', data: { channel_id: channelId, remover_id: removerId }, broadcast: { user_id: userId } },
];

export async function getChannelMemberOr404(ctx: AppContext, channelId: string, userId: string, store: Store = ctx.store): Promise<ChannelMemberRecord> {
  const member = await store.channels.getMember(channelId, userId);
  if (!member) throw notFound('app.channel.get_member.missing.app_error', 'No channel member found for that user id and channel id.');
  return member;
}

const memberUpdated = (member: ChannelMemberRecord): ServerEvent => ({
  event: 'channel_member_updated',
  data: { channelMember: JSON.stringify(channelMemberJson(member)) },
  broadcast: { user_id: member.user_id },
});

/**
 * A roles value: Mattermost sends a space-separated string, but @mattermost/client types updateTeamMemberRoles with
 * a list, so a list of strings is accepted too. Undefined when it is neither.
 */
export function roleList(roles: unknown): string[] | undefined {
  if (typeof roles === 'string') return roles.split(' ').filter(Boolean);
  if (Array.isArray(roles) && roles.every((r) => typeof r === 'string')) return roles.flatMap((r: string) => r.split(' ')).filter(Boolean);
  return undefined;
}

/** Sets a member's channel roles: "channel_user", optionally with "channel_admin". */
export async function updateChannelMemberRoles(ctx: AppContext, channel: ChannelRecord, userId: string, roles: unknown): Promise<ChannelMemberRecord> {
  const list = roleList(roles);
  if (!list || !list.includes('channel_user') || list.some((r) => r !== 'channel_user' && r !== 'channel_admin')) {
    throw badRequest('api.context.invalid_param.app_error', 'Invalid roles: use "channel_user" or "channel_user channel_admin".');
  }
  if (channel.type === 'D' || channel.type === 'G') throw badRequest('api.channel.update_channel_member_roles.direct_or_group.app_error', 'Direct and group messages have no channel admins.');
  return commit(ctx, async (store) => {
    const member = await getChannelMemberOr404(ctx, channel.id, userId, store);
    const next = { ...member, scheme_user: true, scheme_admin: list.includes('channel_admin'), roles: '', last_update_at: ctx.now() };
    await store.channels.updateMember(channel.id, userId, { scheme_user: true, scheme_admin: next.scheme_admin, roles: '', last_update_at: next.last_update_at });
    return { result: next, events: [memberUpdated(next)] };
  });
}

/** Merges notification settings into a membership; known keys only, each checked against its allowed values. */
export async function updateChannelNotifyProps(ctx: AppContext, channelId: string, userId: string, body: Record<string, unknown>): Promise<ChannelMemberRecord> {
  const changes: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') throw badRequest('api.context.invalid_param.app_error', `Notify prop "${key}" must be a string.`);
    const rule = NOTIFY_PROP_VALUES[key];
    if (!rule) continue; // channel_id, user_id and keys Prat does not know are ignored, as Mattermost does.
    if (!rule.values.includes(value)) throw badRequest(rule.errorId, `Invalid value "${value}" for ${key}: use one of ${rule.values.join(', ')}.`);
    changes[key] = value;
  }
  return commit(ctx, async (store) => {
    const member = await getChannelMemberOr404(ctx, channelId, userId, store);
    const next = { ...member, notify_props: { ...member.notify_props, ...changes }, last_update_at: ctx.now() };
    await store.channels.updateMember(channelId, userId, { notify_props: next.notify_props, last_update_at: next.last_update_at });
    return { result: next, events: [memberUpdated(next)] };
  });
}

/** Marks channels read for a user (those they are members of); returns channel id → new last_viewed_at. */
export async function viewChannels(ctx: AppContext, userId: string, channelIds: string[]): Promise<Record<string, number>> {
  const ids = [...new Set(channelIds.filter((id) => id !== ''))];
  if (ids.length === 0) return {};
  return commit(ctx, async (store) => {
    const now = ctx.now();
    const viewed = await store.channels.markViewed(userId, ids, now);
    const times = Object.fromEntries(viewed.map((id) => [id, now]));
    const events: ServerEvent[] = ctx.config.get().ServiceSettings.EnableChannelViewedMessages
      ? viewed.map((id) => ({ event: 'channel_viewed', data: { channel_id: id }, broadcast: { user_id: userId } }))
      : [];
    return { result: times, events };
  });
}

/** Mattermost's ChannelUnread: how much of a channel a member has not read. */
export function channelUnread(channel: ChannelRecord, member: ChannelMemberRecord) {
  return {
    team_id: channel.team_id,
    channel_id: channel.id,
    user_id: member.user_id,
    msg_count: Math.max(0, channel.total_msg_count - member.msg_count),
    msg_count_root: Math.max(0, channel.total_msg_count_root - member.msg_count_root),
    mention_count: member.mention_count,
    mention_count_root: member.mention_count_root,
    urgent_mention_count: member.urgent_mention_count,
    last_viewed_at: member.last_viewed_at,
    notify_props: member.notify_props,
  };
}
