import { route, type Call, type Route } from './router.ts';
import { badRequest, invalidParam, notFound } from '../app/errors.ts';
import { isValidId } from '../app/ids.ts';
import { hasPermission, hasTeamPermission, requireChannelPermission, requirePermission, requireTeamPermission } from '../app/permissions.ts';
import { getUserOr404, requireSelfOrAdmin } from '../app/users.ts';
import {
  addChannelMembers,
  archiveChannel,
  channelUnread,
  createChannel,
  deleteChannelPermanently,
  getChannelMemberOr404,
  getChannelOr404,
  getOrCreateDirectChannel,
  getOrCreateGroupChannel,
  parseChannelPatch,
  removeChannelMember,
  requireChannelRead,
  requireChannelReadByName,
  restoreChannel,
  setChannelPrivacy,
  updateChannel,
  updateChannelMemberRoles,
  updateChannelNotifyProps,
  validateChannelName,
  validateDisplayName,
  validateHeader,
  validatePurpose,
  viewChannels,
  type ChannelChanges,
} from '../app/channels.ts';
import { getTeamByNameOr404 } from '../app/teams.ts';
import { channelJson, channelMemberJson } from '../app/wire.ts';
import type { ChannelRecord, TeamChannelFilter } from '../store/channels.ts';

export const channelRoutes: Route[] = [
  route('POST', '/channels', create, 'session', 201),
  route('POST', '/channels/direct', createDirect, 'session', 201),
  route('POST', '/channels/group', createGroup, 'session', 201),
  route('POST', '/channels/members/:user_id/view', view),
  route('POST', '/channels/members/:user_id/mark_read', markRead),
  route('GET', '/channels/:channel_id', get),
  route('PUT', '/channels/:channel_id', update),
  route('PUT', '/channels/:channel_id/patch', patch),
  route('PUT', '/channels/:channel_id/privacy', privacy),
  route('DELETE', '/channels/:channel_id', remove),
  route('POST', '/channels/:channel_id/restore', restore),
  route('GET', '/channels/:channel_id/stats', stats),
  route('GET', '/channels/:channel_id/members', members),
  route('POST', '/channels/:channel_id/members', addMembers, 'session', 201),
  route('POST', '/channels/:channel_id/members/ids', membersByIds),
  route('GET', '/channels/:channel_id/members/:user_id', member),
  route('DELETE', '/channels/:channel_id/members/:user_id', removeMember),
  route('PUT', '/channels/:channel_id/members/:user_id/roles', memberRoles),
  route('PUT', '/channels/:channel_id/members/:user_id/notify_props', notifyProps),
  route('GET', '/teams/:team_id/channels', publicChannels),
  route('GET', '/teams/:team_id/channels/private', privateChannels),
  route('GET', '/teams/:team_id/channels/deleted', deletedChannels),
  route('POST', '/teams/:team_id/channels/search', search),
  route('GET', '/teams/:team_id/channels/autocomplete', autocomplete),
  route('GET', '/teams/:team_id/channels/search_autocomplete', searchAutocomplete),
  route('GET', '/teams/:team_id/channels/name/:channel_name', byName),
  route('GET', '/teams/name/:team_name/channels/name/:channel_name', byTeamNameAndName),
  route('GET', '/users/:user_id/teams/:team_id/channels', forTeamForUser),
  route('GET', '/users/:user_id/teams/:team_id/channels/members', membersForTeamForUser),
  route('GET', '/users/:user_id/channels', forUser),
  route('GET', '/users/:user_id/channels/:channel_id/unread', unread),
];

const SEARCH_LIMIT = 100;
const AUTOCOMPLETE_LIMIT = 50;
const TERM_MAX = 256;

async function create(c: Call) {
  return channelJson(await createChannel(c.app, c.session, c.object('channel')));
}

async function createDirect(c: Call) {
  return channelJson(await getOrCreateDirectChannel(c.app, c.session, c.stringArray('user_ids', 2)));
}

async function createGroup(c: Call) {
  return channelJson(await getOrCreateGroupChannel(c.app, c.session, c.stringArray('user_ids', 100)));
}

async function get(c: Call) {
  const channel = await getChannelOr404(c.app, c.id('channel_id'));
  await requireChannelRead(c.app, c.session, channel);
  return channelJson(channel);
}

/** PUT /channels/{id}: Mattermost's full update. Header and purpose take the body's values; name fields only when non-empty. */
async function update(c: Call) {
  const channelId = c.id('channel_id');
  const body = c.object('channel');
  if (body.id !== channelId) throw invalidParam('channel_id');
  const channel = await getChannelOr404(c.app, channelId);
  if (body.type !== undefined && body.type !== '' && body.type !== channel.type) {
    throw badRequest('api.channel.update_channel.typechange.app_error', 'The channel type cannot be changed here; use PUT /channels/{id}/privacy.');
  }
  const changes: ChannelChanges = {
    header: body.header === undefined || body.header === null ? '' : validateHeader(body.header),
    purpose: body.purpose === undefined || body.purpose === null ? '' : validatePurpose(body.purpose),
  };
  if (typeof body.display_name === 'string' && body.display_name !== '') changes.display_name = validateDisplayName(body.display_name);
  if (typeof body.name === 'string' && body.name !== '') changes.name = validateChannelName(body.name);
  // Direct and group messages have no purpose to keep; an unchanged one is not a change.
  if ((channel.type === 'D' || channel.type === 'G') && changes.purpose === '') delete changes.purpose;
  return channelJson(await updateChannel(c.app, c.session, channel, changes));
}

async function patch(c: Call) {
  const channelId = c.id('channel_id');
  const changes = parseChannelPatch(c.object('channel'));
  if (Object.keys(changes).length === 0) {
    throw badRequest('api.channel.patch_update_channel.no_changes.app_error', 'Nothing to change: give display_name, name, header or purpose.');
  }
  const channel = await getChannelOr404(c.app, channelId);
  return channelJson(await updateChannel(c.app, c.session, channel, changes));
}

async function privacy(c: Call) {
  const channelId = c.id('channel_id');
  const value = c.object('privacy').privacy;
  if (value !== 'O' && value !== 'P') throw invalidParam('privacy');
  const channel = await getChannelOr404(c.app, channelId);
  return channelJson(await setChannelPrivacy(c.app, c.session, channel, value));
}

async function remove(c: Call) {
  const channel = await getChannelOr404(c.app, c.id('channel_id'));
  if (c.bool('permanent')) await deleteChannelPermanently(c.app, c.session, channel);
  else await archiveChannel(c.app, c.session, channel);
  return { status: 'OK' };
}

async function restore(c: Call) {
  const channel = await getChannelOr404(c.app, c.id('channel_id'));
  return channelJson(await restoreChannel(c.app, c.session, channel));
}

async function stats(c: Call) {
  const channel = await getChannelOr404(c.app, c.id('channel_id'));
  await requireChannelRead(c.app, c.session, channel);
  return {
    channel_id: channel.id,
    member_count: await c.app.store.channels.countMembers(channel.id),
    guest_count: 0,
    pinnedpost_count: await c.app.store.posts.countPinned(channel.id),
    // Mattermost answers -1 when the caller asked it not to count.
    files_count: c.bool('exclude_files_count') ? -1 : 0,
  };
}

async function members(c: Call) {
  const channel = await getChannelOr404(c.app, c.id('channel_id'));
  await requireChannelRead(c.app, c.session, channel);
  return (await c.app.store.channels.listMembers(channel.id, c.page())).map(channelMemberJson);
}

/** Body {user_id} answers with one member; {user_ids: [...]} with a list. */
async function addMembers(c: Call) {
  const channelId = c.id('channel_id');
  const body = c.object('member');
  let userIds: string[];
  const single = body.user_ids === undefined;
  if (!single) {
    const ids = body.user_ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 1000 || !ids.every(isValidId)) throw invalidParam('user_ids');
    userIds = ids;
  } else {
    if (!isValidId(body.user_id)) throw invalidParam('user_id or user_ids');
    userIds = [body.user_id];
  }
  const channel = await getChannelOr404(c.app, channelId);
  const added = (await addChannelMembers(c.app, c.session, channel, userIds)).map(channelMemberJson);
  return single ? added[0] : added;
}

async function membersByIds(c: Call) {
  const channelId = c.id('channel_id');
  const ids = c.stringArray('user_ids', 1000);
  if (ids.length === 0 || !ids.every(isValidId)) throw invalidParam('user_ids');
  const channel = await getChannelOr404(c.app, channelId);
  await requireChannelRead(c.app, c.session, channel);
  return (await c.app.store.channels.getMembers(channel.id, ids)).map(channelMemberJson);
}

async function member(c: Call) {
  const channel = await getChannelOr404(c.app, c.id('channel_id'));
  const userId = c.id('user_id');
  await requireChannelRead(c.app, c.session, channel);
  return channelMemberJson(await getChannelMemberOr404(c.app, channel.id, userId));
}

async function removeMember(c: Call) {
  const channel = await getChannelOr404(c.app, c.id('channel_id'));
  const userId = c.id('user_id');
  await getUserOr404(c.app, userId);
  await removeChannelMember(c.app, c.session, channel, userId);
  return { status: 'OK' };
}

async function memberRoles(c: Call) {
  const channelId = c.id('channel_id');
  const userId = c.id('user_id');
  const roles = c.object('roles').roles;
  await requireChannelPermission(c.app, c.session, channelId, 'manage_channel_roles');
  await updateChannelMemberRoles(c.app, await getChannelOr404(c.app, channelId), userId, roles);
  return { status: 'OK' };
}

/** Only the member themself (or a system admin) changes their notification settings. */
async function notifyProps(c: Call) {
  const channelId = c.id('channel_id');
  const userId = c.id('user_id');
  const body = c.object('notify_props');
  requireSelfOrAdmin(c.session, userId);
  await getChannelOr404(c.app, channelId);
  await updateChannelNotifyProps(c.app, channelId, userId, body);
  return { status: 'OK' };
}

/** Marks the viewed channel (and the one left, prev_channel_id) read. An empty channel_id means focus was lost. */
async function view(c: Call) {
  const userId = c.id('user_id');
  const body = c.object('channel_view');
  const channelId = body.channel_id ?? '';
  const prevId = body.prev_channel_id ?? '';
  if (channelId !== '' && !isValidId(channelId)) throw invalidParam('channel_view.channel_id');
  if (prevId !== '' && !isValidId(prevId)) throw invalidParam('channel_view.prev_channel_id');
  requireSelfOrAdmin(c.session, userId);
  const times = await viewChannels(c.app, userId, [channelId as string, prevId as string]);
  return { status: 'OK', last_viewed_at_times: times };
}

/** Marks several channels read at once (the web app's "mark as read"). */
async function markRead(c: Call) {
  const userId = c.id('user_id');
  const ids = c.stringArray('channel_ids', 1000);
  if (ids.length === 0 || !ids.every(isValidId)) throw invalidParam('channel_ids');
  requireSelfOrAdmin(c.session, userId);
  return { status: 'OK', last_viewed_at_times: await viewChannels(c.app, userId, ids) };
}

async function teamChannels(c: Call, permission: string, filter: () => TeamChannelFilter) {
  const teamId = c.id('team_id');
  if (permission === 'manage_system') requirePermission(c.session, permission);
  else await requireTeamPermission(c.app, c.session, teamId, permission);
  return (await c.app.store.channels.listForTeam(teamId, filter(), c.page())).map(channelJson);
}

function publicChannels(c: Call) {
  return teamChannels(c, 'list_team_channels', () => ({ types: ['O'] }));
}

function privateChannels(c: Call) {
  return teamChannels(c, 'manage_system', () => ({ types: ['P'] }));
}

/** Archived public channels, and archived private ones the caller was in (all of them for system admins). */
function deletedChannels(c: Call) {
  return teamChannels(c, 'list_team_channels', () => ({
    types: ['O', 'P'],
    deleted: true,
    privateMemberOf: hasPermission(c.session, 'manage_system') ? undefined : c.session.user_id,
  }));
}

function term(value: unknown, name: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalidParam(name);
  if (value.length > TERM_MAX) throw badRequest('api.channel.search.term_too_long.app_error', `The search term must be at most ${TERM_MAX} characters.`);
  return value;
}

/** Public channels whose handle or display name contains the term. Non-members of the team get 404, as in Mattermost. */
async function search(c: Call) {
  const teamId = c.id('team_id');
  const body = c.object('channel_search');
  const t = term(body.term, 'term');
  if (!(await hasTeamPermission(c.app, c.session, teamId, 'list_team_channels'))) {
    throw notFound('app.team.get_member.missing.app_error', 'You are not a member of that team.');
  }
  const found = await c.app.store.channels.search(teamId, { term: t, types: ['O'], limit: SEARCH_LIMIT });
  return found.map(channelJson);
}

/** For the "~channel" box: public channels, and private ones the caller is in, whose handle or a word of their name starts with the term. */
async function autocomplete(c: Call) {
  const teamId = c.id('team_id');
  const t = term(c.query('name'), 'name');
  await requireTeamPermission(c.app, c.session, teamId, 'list_team_channels');
  const found = await c.app.store.channels.search(teamId, { term: t, types: ['O', 'P'], prefix: true, visibleTo: c.session.user_id, limit: AUTOCOMPLETE_LIMIT });
  return found.map(channelJson);
}

/** For "in:" in message search: only channels of the team the caller is a member of. */
async function searchAutocomplete(c: Call) {
  const teamId = c.id('team_id');
  const t = term(c.query('name'), 'name');
  const found = await c.app.store.channels.search(teamId, { term: t, types: ['O', 'P'], prefix: true, memberOf: c.session.user_id, limit: AUTOCOMPLETE_LIMIT });
  return found.map(channelJson);
}

async function channelByName(c: Call, teamId: string): Promise<ChannelRecord> {
  const channel = await c.app.store.channels.getByName(teamId, c.param('channel_name'), c.bool('include_deleted'));
  if (!channel) throw notFound('app.channel.get_by_name.missing.app_error', 'Unable to find the channel.');
  await requireChannelReadByName(c.app, c.session, channel);
  return channel;
}

async function byName(c: Call) {
  return channelJson(await channelByName(c, c.id('team_id')));
}

async function byTeamNameAndName(c: Call) {
  const team = await getTeamByNameOr404(c.app, c.param('team_name'));
  return channelJson(await channelByName(c, team.id));
}

/** The user's channels in a team, with their direct and group messages. */
async function forTeamForUser(c: Call) {
  const userId = c.id('user_id');
  const teamId = c.id('team_id');
  requireSelfOrAdmin(c.session, userId);
  await requireTeamPermission(c.app, c.session, teamId, 'view_team');
  const channels = await c.app.store.channels.forUser(userId, { teamId, includeDeleted: c.bool('include_deleted') });
  return channels.map(channelJson);
}

async function membersForTeamForUser(c: Call) {
  const userId = c.id('user_id');
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.session, teamId, 'view_team');
  requireSelfOrAdmin(c.session, userId);
  return (await c.app.store.channels.membersForUser(userId, teamId)).map(channelMemberJson);
}

async function forUser(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  return (await c.app.store.channels.forUser(userId, { includeDeleted: c.bool('include_deleted') })).map(channelJson);
}

async function unread(c: Call) {
  const userId = c.id('user_id');
  const channelId = c.id('channel_id');
  requireSelfOrAdmin(c.session, userId);
  const channel = await getChannelOr404(c.app, channelId);
  await requireChannelRead(c.app, c.session, channel);
  return channelUnread(channel, await getChannelMemberOr404(c.app, channel.id, userId));
}
