import { route, type Call, type Route } from './router.ts';
import { AppError, badRequest, invalidParam, notFound } from '../app/errors.ts';
import { isValidId, newId } from '../app/ids.ts';
import { hasPermission, requirePermission, requireTeamPermission } from '../app/permissions.ts';
import { getUserOr404, requireSelfOrAdmin } from '../app/users.ts';
import {
  addTeamMembers,
  createTeam,
  deleteTeam,
  getTeamByNameOr404,
  getTeamOr404,
  parseTeamChanges,
  removeTeamMember,
  requireTeamVisible,
  restoreTeam,
  sanitizeTeam,
  sanitizeTeams,
  teamUnreads,
  updateTeam,
  updateTeamMemberRoles,
} from '../app/teams.ts';
import type { SkippedDefaults } from '../app/team-membership.ts';
import type { TeamRecord } from '../store/teams.ts';
import { teamJson, teamMemberJson } from '../app/wire.ts';

export const teamRoutes: Route[] = [
  route('POST', '/teams', create, 'session', 201),
  route('GET', '/teams', list),
  route('POST', '/teams/search', search),
  route('GET', '/teams/name/:team_name', byName),
  route('GET', '/teams/name/:team_name/exists', exists),
  route('GET', '/teams/:team_id', get),
  route('PUT', '/teams/:team_id', update),
  route('PUT', '/teams/:team_id/patch', patch),
  route('DELETE', '/teams/:team_id', remove),
  route('POST', '/teams/:team_id/restore', restore),
  route('POST', '/teams/:team_id/regenerate_invite_id', regenerateInviteId),
  route('GET', '/teams/:team_id/stats', stats),
  route('GET', '/teams/:team_id/members', members),
  route('POST', '/teams/:team_id/members', addMember, 'session', 201),
  route('POST', '/teams/:team_id/members/batch', addMembers, 'session', 201),
  route('POST', '/teams/:team_id/members/ids', membersByIds),
  route('GET', '/teams/:team_id/members/:user_id', member),
  route('DELETE', '/teams/:team_id/members/:user_id', removeMember),
  route('PUT', '/teams/:team_id/members/:user_id/roles', memberRoles),
  route('GET', '/users/:user_id/teams', forUser),
  route('GET', '/users/:user_id/teams/members', membersForUser),
  route('GET', '/users/:user_id/teams/unread', unreadForUser),
  route('GET', '/users/:user_id/teams/:team_id/unread', unreadForTeam),
];

/** Mattermost caps a batch of team additions at 256. */
const MAX_BATCH = 256;

function logSkipped(c: Call, team: TeamRecord, skipped: SkippedDefaults) {
  if (skipped.missing.length === 0 && skipped.private.length === 0) return;
  c.req.log.warn(
    { team_id: team.id, team: team.name, missing: skipped.missing, private: skipped.private },
    'ExperimentalDefaultChannels: entries skipped (no live channel with that handle or display name, or a private channel)',
  );
}

async function create(c: Call) {
  requirePermission(c.session, 'create_team');
  const { team, skipped } = await createTeam(c.app, c.session, c.object('team'));
  logSkipped(c, team, skipped);
  return teamJson(team);
}

async function list(c: Call) {
  const all = hasPermission(c.session, 'list_private_teams');
  if (!all && !hasPermission(c.session, 'list_public_teams')) {
    throw new AppError('api.team.get_all_teams.insufficient_permissions', 'You do not have permission to list teams.', 403);
  }
  const filter = all ? {} : { openOnly: true };
  const teams = await sanitizeTeams(c.app, c.session, await c.app.store.teams.list(filter, c.page()));
  if (c.bool('include_total_count')) return { teams, total_count: await c.app.store.teams.count(filter) };
  return teams;
}

async function search(c: Call) {
  const body = c.object('team_search');
  const term = body.term ?? '';
  if (typeof term !== 'string') throw invalidParam('term');
  if (term.length > 256) throw badRequest('api.team.search_teams.term_too_long.app_error', 'The search term must be at most 256 characters.');
  const all = hasPermission(c.session, 'list_private_teams');
  const filter = { term, openOnly: !all || body.allow_open_invite === true, inviteOnly: all && body.allow_open_invite === false };
  const paged = typeof body.page === 'number' && typeof body.per_page === 'number';
  const page = paged ? { page: Math.max(0, Math.floor(body.page as number)), perPage: Math.min(Math.max(1, Math.floor(body.per_page as number)), 200) } : { page: 0, perPage: 200 };
  const teams = await sanitizeTeams(c.app, c.session, await c.app.store.teams.list(filter, page));
  return paged ? { teams, total_count: await c.app.store.teams.count(filter) } : teams;
}

async function get(c: Call) {
  const team = await getTeamOr404(c.app, c.id('team_id'));
  await requireTeamVisible(c.app, c.session, team);
  return sanitizeTeam(c.app, c.session, team);
}

async function byName(c: Call) {
  const team = await getTeamByNameOr404(c.app, c.param('team_name'));
  await requireTeamVisible(c.app, c.session, team);
  return sanitizeTeam(c.app, c.session, team);
}

/** Whether a team of that name exists that the caller could see: their own, or one they may list. */
async function exists(c: Call) {
  const team = await c.app.store.teams.getByName(c.param('team_name'));
  if (!team) return { exists: false };
  const member = await c.app.store.teams.getMember(team.id, c.session.user_id);
  const visible =
    (member !== undefined && member.delete_at === 0) ||
    hasPermission(c.session, team.allow_open_invite ? 'list_public_teams' : 'list_private_teams');
  return { exists: visible };
}

/** PUT /teams/{id}: Mattermost's full update; the fields it lets one change are taken, the rest ignored. */
async function update(c: Call) {
  const teamId = c.id('team_id');
  const body = c.object('team');
  if (body.id !== teamId) throw invalidParam('id');
  const { display_name, description, company_name, allowed_domains, allow_open_invite } = body;
  return applyChanges(c, teamId, { display_name, description, company_name, allowed_domains, allow_open_invite });
}

async function patch(c: Call) {
  const body = c.object('team');
  const { display_name, description, company_name, allowed_domains, invite_id, allow_open_invite } = body;
  return applyChanges(c, c.id('team_id'), { display_name, description, company_name, allowed_domains, invite_id, allow_open_invite });
}

async function applyChanges(c: Call, teamId: string, fields: Record<string, unknown>) {
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const changes = parseTeamChanges(present);
  await requireTeamPermission(c.app, c.session, teamId, 'manage_team');
  const team = await getTeamOr404(c.app, teamId);
  return sanitizeTeam(c.app, c.session, await updateTeam(c.app, team, changes));
}

async function remove(c: Call) {
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.session, teamId, 'manage_team');
  await deleteTeam(c.app, await getTeamOr404(c.app, teamId), c.bool('permanent'));
  return { status: 'OK' };
}

async function restore(c: Call) {
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.session, teamId, 'manage_team');
  return sanitizeTeam(c.app, c.session, await restoreTeam(c.app, await getTeamOr404(c.app, teamId)));
}

/** A new invite id, so old invite links stop working. */
async function regenerateInviteId(c: Call) {
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.session, teamId, 'manage_team');
  const team = await getTeamOr404(c.app, teamId);
  return sanitizeTeam(c.app, c.session, await updateTeam(c.app, team, { invite_id: newId() }));
}

async function stats(c: Call) {
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.session, teamId, 'view_team');
  await getTeamOr404(c.app, teamId);
  const counts = await c.app.store.teams.countMembers(teamId);
  return { team_id: teamId, total_member_count: counts.total, active_member_count: counts.active };
}

async function members(c: Call) {
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.session, teamId, 'view_team');
  const list = await c.app.store.teams.listMembers(teamId, c.page(), {
    sortByUsername: c.query('sort') === 'Username',
    excludeDeletedUsers: c.bool('exclude_deleted_users'),
  });
  return list.map(teamMemberJson);
}

/**
 * Joining yourself needs join_public_teams for a team open to all, join_private_teams (admins) otherwise; adding
 * someone else needs add_user_to_team in the team, which its members have.
 */
async function addMember(c: Call) {
  const teamId = c.id('team_id');
  const b = c.req.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) {
    throw badRequest('api.team.add_team_member.invalid_body.app_error', 'The body must be a team member: {"team_id": …, "user_id": …}.');
  }
  const body = b as Record<string, unknown>;
  if (body.team_id !== teamId) throw invalidParam('team_id');
  if (!isValidId(body.user_id)) throw invalidParam('user_id');
  const userId = body.user_id;
  let team: TeamRecord;
  if (userId === c.session.user_id) {
    team = await getTeamOr404(c.app, teamId);
    requirePermission(c.session, team.allow_open_invite ? 'join_public_teams' : 'join_private_teams');
  } else {
    await requireTeamPermission(c.app, c.session, teamId, 'add_user_to_team');
    team = await getTeamOr404(c.app, teamId);
  }
  const { members, skipped } = await addTeamMembers(c.app, team, [userId]);
  logSkipped(c, team, skipped);
  return teamMemberJson(members[0]!);
}

/** Several users at once; with ?graceful=true each is tried on its own and failures are reported per user. */
async function addMembers(c: Call) {
  const teamId = c.id('team_id');
  const body = c.body;
  if (!Array.isArray(body)) throw invalidParam('members');
  if (body.length === 0) throw invalidParam('members');
  if (body.length > MAX_BATCH) throw badRequest('api.context.invalid_param.app_error', `At most ${MAX_BATCH} members can be added at once.`);
  const userIds: string[] = [];
  for (const m of body) {
    if (typeof m !== 'object' || m === null) throw invalidParam('members');
    const { team_id, user_id } = m as Record<string, unknown>;
    if (team_id !== teamId) throw invalidParam('team_id');
    if (!isValidId(user_id)) throw invalidParam('user_id');
    userIds.push(user_id);
  }
  await requireTeamPermission(c.app, c.session, teamId, 'add_user_to_team');
  const team = await getTeamOr404(c.app, teamId);
  if (!c.bool('graceful')) {
    const { members, skipped } = await addTeamMembers(c.app, team, userIds);
    logSkipped(c, team, skipped);
    return members.map(teamMemberJson);
  }
  const results = [];
  for (const userId of new Set(userIds)) {
    try {
      const { members, skipped } = await addTeamMembers(c.app, team, [userId]);
      logSkipped(c, team, skipped);
      results.push({ member: teamMemberJson(members[0]!), user_id: userId });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ user_id: userId, error: { id: err.id, message: err.message, status_code: err.statusCode } });
    }
  }
  return results;
}

async function membersByIds(c: Call) {
  const teamId = c.id('team_id');
  const ids = c.stringArray('user_ids', 1000);
  if (ids.length === 0 || !ids.every(isValidId)) throw invalidParam('user_ids');
  await requireTeamPermission(c.app, c.session, teamId, 'view_team');
  return (await c.app.store.teams.getMembers(teamId, ids)).map(teamMemberJson);
}

async function member(c: Call) {
  const teamId = c.id('team_id');
  const userId = c.id('user_id');
  await requireTeamPermission(c.app, c.session, teamId, 'view_team');
  const m = await c.app.store.teams.getMember(teamId, userId);
  if (!m) throw notFound('app.team.get_member.missing.app_error', 'No team member found for that user id and team id.');
  return teamMemberJson(m);
}

/** Leaving is always allowed; removing someone else needs remove_user_from_team. They also leave the team's channels. */
async function removeMember(c: Call) {
  const teamId = c.id('team_id');
  const userId = c.id('user_id');
  if (userId !== c.session.user_id) await requireTeamPermission(c.app, c.session, teamId, 'remove_user_from_team');
  await getTeamOr404(c.app, teamId);
  await getUserOr404(c.app, userId);
  await removeTeamMember(c.app, teamId, userId, c.session.user_id);
  return { status: 'OK' };
}

async function memberRoles(c: Call) {
  const teamId = c.id('team_id');
  const userId = c.id('user_id');
  const roles = c.object('roles').roles;
  await requireTeamPermission(c.app, c.session, teamId, 'manage_team_roles');
  await updateTeamMemberRoles(c.app, teamId, userId, roles);
  return { status: 'OK' };
}

async function forUser(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  return sanitizeTeams(c.app, c.session, await c.app.store.teams.forUser(userId));
}

async function membersForUser(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  return (await c.app.store.teams.membersForUser(userId, true)).map(teamMemberJson);
}

async function unreadForUser(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  const exclude = c.query('exclude_team');
  return (await teamUnreads(c.app, userId)).filter((u) => u.team_id !== exclude);
}

async function unreadForTeam(c: Call) {
  const userId = c.id('user_id');
  const teamId = c.id('team_id');
  requireSelfOrAdmin(c.session, userId);
  await requireTeamPermission(c.app, c.session, teamId, 'view_team');
  const [unread] = await teamUnreads(c.app, userId, teamId);
  if (!unread) throw notFound('app.team.get_member.missing.app_error', 'That user is not a member of the team.');
  return unread;
}

