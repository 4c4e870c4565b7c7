import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Team } from '@mattermost/types/teams';
import { describeEachDatabase, expectAppError, makeUser, startTestServer, uniqueName, type TestServer, type TestUser } from '../test/server.ts';
import { api, makeChannel, makeTeam, recordEvents } from '../test/teams-channels.ts';

describeEachDatabase('teams', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let events: ReturnType<typeof recordEvents>;

  before(async () => {
    t = await startTestServer(driver);
    admin = await makeUser(t, { username: 'admin' });
    alice = await makeUser(t, { username: 'alice' });
    bob = await makeUser(t, { username: 'bob' });
    carol = await makeUser(t, { username: 'carol' });
    events = recordEvents(t);
  });
  after(() => t.close());

  const listTeams = (who: TestUser, page: number, perPage: number) => who.client.getTeams(page, perPage) as Promise<Team[]>;
  const channelNames = async (who: TestUser, team: Team) => (await who.client.getMyChannels(team.id)).filter((c) => c.team_id === team.id).map((c) => c.name).sort();

  it('creates a team with Town Square and Off-Topic, its creator a team admin in both', async () => {
    const r = await api(t, alice, 'POST', '/teams', { name: 'fribyte', display_name: 'Fribyte', type: 'O' });
    assert.equal(r.status, 201);
    const team = r.body as unknown as Team;
    assert.equal(team.name, 'fribyte');
    assert.equal(team.display_name, 'Fribyte');
    assert.equal(team.type, 'O');
    assert.equal(team.allow_open_invite, false);
    assert.match(team.invite_id, /^[a-z0-9]{26}$/);
    const member = await alice.client.getTeamMember(team.id, alice.user.id);
    assert.equal(member.roles, 'team_user team_admin');
    assert.equal(member.scheme_admin, true);
    assert.deepEqual(await channelNames(alice, team), ['off-topic', 'town-square']);
    const town = await alice.client.getChannelByName(team.id, 'town-square');
    assert.equal(town.display_name, 'Town Square');
    assert.equal((await alice.client.getChannelByName(team.id, 'off-topic')).display_name, 'Off-Topic');
    assert.deepEqual((await alice.client.getMyTeams()).map((x) => x.name), ['fribyte']);
    const published = events.take();
    assert.ok(published.some((e) => e.event === 'added_to_team' && e.broadcast.user_id === alice.user.id && e.data.team_id === team.id));
  });

  it('refuses bad team names and fields, and writes nothing', async () => {
    const before = (await listTeams(admin, 0, 200)).length;
    const bad = async (body: unknown, id: string) => {
      const r = await api(t, alice, 'POST', '/teams', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.id, id, JSON.stringify(body));
    };
    for (const name of ['admin', 'admins-club', 'apis', 'posts', 'helpdesk', 'signups', 'playbooks-x']) await bad({ name, display_name: 'X', type: 'O' }, 'model.team.is_valid.reserved.app_error');
    for (const name of ['Big', 'has space', '-lead', 'trail-', 'a_b', 'x.y']) await bad({ name, display_name: 'X', type: 'O' }, 'model.team.is_valid.characters.app_error');
    for (const name of ['x', 'y'.repeat(65), 42]) await bad({ name, display_name: 'X', type: 'O' }, 'model.team.is_valid.url.app_error');
    await bad({ name: 'fribyte', display_name: 'Again', type: 'O' }, 'app.team.save.existing.app_error');
    await bad({ name: 'okname', type: 'O' }, 'model.team.is_valid.name.app_error');
    await bad({ name: 'okname', display_name: '   ', type: 'O' }, 'model.team.is_valid.name.app_error');
    await bad({ name: 'okname', display_name: 'x'.repeat(65), type: 'O' }, 'model.team.is_valid.name.app_error');
    await bad({ name: 'okname', display_name: 'X', type: 'Z' }, 'model.team.is_valid.type.app_error');
    await bad({ name: 'okname', display_name: 'X', type: 'O', description: 'd'.repeat(256) }, 'model.team.is_valid.description.app_error');
    await bad({ name: 'okname', display_name: 'X', type: 'O', email: 'nope' }, 'model.team.is_valid.email.app_error');
    await bad({ name: 'okname', display_name: 'X', type: 'O', allow_open_invite: 'yes' }, 'model.team.is_valid.allow_open_invite.app_error');
    await bad('{"name": "okname", ', 'api.context.invalid_body_param.app_error');
    await bad('["okname"]', 'api.context.invalid_body_param.app_error');
    assert.equal((await listTeams(admin, 0, 200)).length, before);
    assert.equal((await admin.client.checkIfTeamExists('okname')).exists, false);
  });

  it('gives concurrent creations of one name a single winner', async () => {
    const name = uniqueName('race');
    const results = await Promise.allSettled([makeTeam(alice, { name }), makeTeam(bob, { name }), makeTeam(carol, { name })]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) {
      if (r.status === 'rejected') assert.equal((r.reason as { server_error_id?: string }).server_error_id, 'app.team.save.existing.app_error');
    }
  });

  it('lists all teams to admins and only open ones to others, paged', async () => {
    const open = await makeTeam(alice, { display_name: 'AAA open', allow_open_invite: true });
    const closed = await makeTeam(alice, { display_name: 'AAA closed', type: 'I' });
    const forBob = await listTeams(bob, 0, 200);
    assert.ok(forBob.some((x) => x.id === open.id));
    assert.ok(!forBob.some((x) => x.id === closed.id));
    assert.ok(forBob.every((x) => x.allow_open_invite && x.email === ''));
    const forAdmin = await listTeams(admin, 0, 200);
    assert.ok(forAdmin.some((x) => x.id === closed.id));
    const withCount = (await admin.client.getTeams(0, 1, true)) as unknown as { teams: Team[]; total_count: number };
    assert.equal(withCount.teams.length, 1);
    assert.equal(withCount.total_count, forAdmin.length);
    const page0 = await listTeams(admin, 0, 2);
    const page1 = await listTeams(admin, 1, 2);
    assert.equal(page0.length, 2);
    assert.notEqual(page0[0]!.id, page1[0]!.id);
  });

  it('shows a team to members and, when open, to anyone; hides invite details from non-managers', async () => {
    const open = await makeTeam(alice, { allow_open_invite: true, email: 'Team@Example.com' });
    const closed = await makeTeam(alice, { type: 'I' });
    const seenByBob = await bob.client.getTeam(open.id);
    assert.equal(seenByBob.invite_id, '');
    assert.equal(seenByBob.email, '');
    assert.equal((await bob.client.getTeamByName(open.name)).id, open.id);
    await expectAppError(bob.client.getTeam(closed.id), 403);
    await expectAppError(bob.client.getTeamByName(closed.name), 403);
    assert.equal((await alice.client.getTeam(open.id)).email, 'team@example.com');
    assert.equal((await admin.client.getTeam(closed.id)).invite_id, closed.invite_id);
    await alice.client.addToTeam(closed.id, bob.user.id);
    const asMember = await bob.client.getTeam(closed.id);
    assert.equal(asMember.invite_id, closed.invite_id, 'members may invite, so they see the invite id');
    assert.equal(asMember.email, '');
    assert.equal((await carol.client.checkIfTeamExists(open.name)).exists, true);
    assert.equal((await carol.client.checkIfTeamExists(closed.name)).exists, false);
    assert.equal((await bob.client.checkIfTeamExists(closed.name)).exists, true);
    assert.equal((await carol.client.checkIfTeamExists('no-such-team')).exists, false);
    await expectAppError(bob.client.getTeam('x'.repeat(26)), 404, 'app.team.get.find.app_error');
    await expectAppError(bob.client.getTeam('not-an-id'), 400);
    await expectAppError(bob.client.getTeamByName('no-such-team'), 404, 'app.team.get_by_name.missing.app_error');
  });

  it('lets only team managers patch a team, and checks every field first', async () => {
    const team = await makeTeam(alice);
    await alice.client.addToTeam(team.id, bob.user.id);
    await expectAppError(bob.client.patchTeam({ id: team.id, display_name: 'Hijacked' }), 403);
    await expectAppError(carol.client.patchTeam({ id: team.id, display_name: 'Hijacked' }), 403);
    events.take();
    const patched = await alice.client.patchTeam({ id: team.id, display_name: '[drift] Team 🚀', description: 'Ops', allow_open_invite: true, invite_id: 'newinvite123' });
    assert.equal(patched.display_name, '[drift] Team 🚀');
    assert.equal(patched.allow_open_invite, true);
    assert.equal(patched.invite_id, 'newinvite123');
    const update = events.take().find((e) => e.event === 'update_team');
    assert.equal(update?.broadcast.team_id, team.id);
    assert.equal(JSON.parse(update!.data.team as string).display_name, '[drift] Team 🚀');
    await expectAppError(alice.client.patchTeam({ id: team.id, display_name: 'x'.repeat(65), description: 'changed' }), 400, 'model.team.is_valid.name.app_error');
    await expectAppError(alice.client.patchTeam({ id: team.id, company_name: 'c'.repeat(65) }), 400, 'model.team.is_valid.company.app_error');
    await expectAppError(alice.client.patchTeam({ id: team.id, invite_id: 'has space' }), 400, 'model.team.is_valid.invite_id.app_error');
    assert.equal((await alice.client.getTeam(team.id)).description, 'Ops');
    assert.equal((await admin.client.patchTeam({ id: team.id, description: 'by admin' })).description, 'by admin');
    const regenerated = await alice.client.regenerateTeamInviteId(team.id);
    assert.notEqual(regenerated.invite_id, 'newinvite123');
    await expectAppError(bob.client.regenerateTeamInviteId(team.id), 403);
    const updated = await alice.client.updateTeam({ ...patched, display_name: 'Full update' });
    assert.equal(updated.display_name, 'Full update');
    assert.equal((await api(t, alice, 'PUT', `/teams/${team.id}`, { id: 'y'.repeat(26), display_name: 'x' })).status, 400);
  });

  it('archives and restores a team; permanent deletion only with EnableAPITeamDeletion', async () => {
    const team = await makeTeam(alice);
    await alice.client.addToTeam(team.id, bob.user.id);
    await expectAppError(bob.client.deleteTeam(team.id), 403);
    events.take();
    await alice.client.deleteTeam(team.id);
    assert.ok(events.take().some((e) => e.event === 'delete_team' && e.broadcast.team_id === team.id));
    assert.ok((await alice.client.getTeam(team.id)).delete_at > 0);
    assert.ok(!(await alice.client.getMyTeams()).some((x) => x.id === team.id));
    assert.ok(!(await listTeams(admin, 0, 200)).some((x) => x.id === team.id));
    await expectAppError(admin.client.addToTeam(team.id, carol.user.id), 400);
    await expectAppError(bob.client.unarchiveTeam(team.id), 403);
    assert.equal((await alice.client.unarchiveTeam(team.id)).delete_at, 0);
    await expectAppError(alice.client.unarchiveTeam(team.id), 400);

    const town = await alice.client.getChannelByName(team.id, 'town-square');
    const gone = await api(t, admin, 'DELETE', `/teams/${team.id}?permanent=true`);
    assert.equal(gone.status, 403);
    assert.equal(gone.body.id, 'api.user.delete_team.not_enabled.app_error');
    await admin.client.patchConfig({ ServiceSettings: { EnableAPITeamDeletion: true } } as never);
    assert.equal((await api(t, admin, 'DELETE', `/teams/${team.id}?permanent=true`)).status, 200);
    await admin.client.patchConfig({ ServiceSettings: { EnableAPITeamDeletion: false } } as never);
    await expectAppError(admin.client.getTeam(team.id), 404);
    await expectAppError(admin.client.getChannel(town.id), 404);
    assert.equal((await admin.client.checkIfTeamExists(team.name)).exists, false);
  });

  it('lets users join open teams themselves, and members add others', async () => {
    const open = await makeTeam(alice, { allow_open_invite: true });
    const closed = await makeTeam(alice, { type: 'I' });
    const joined = await api(t, bob, 'POST', `/teams/${open.id}/members`, { team_id: open.id, user_id: bob.user.id });
    assert.equal(joined.status, 201);
    assert.equal(joined.body.roles, 'team_user');
    assert.equal(joined.body.delete_at, 0);
    const again = await bob.client.addToTeam(open.id, bob.user.id);
    assert.equal(again.user_id, bob.user.id, 'joining twice keeps the membership');
    await expectAppError(carol.client.addToTeam(closed.id, carol.user.id), 403);
    await expectAppError(carol.client.addToTeam(closed.id, bob.user.id), 403);
    await expectAppError(carol.client.addToTeam(open.id, bob.user.id), 403);
    await bob.client.addToTeam(open.id, carol.user.id);
    assert.ok((await carol.client.getMyTeams()).some((x) => x.id === open.id));
    await admin.client.addToTeam(closed.id, carol.user.id);
    await expectAppError(alice.client.addToTeam(open.id, 'z'.repeat(26)), 404);
    const mismatch = await api(t, alice, 'POST', `/teams/${open.id}/members`, { team_id: closed.id, user_id: bob.user.id });
    assert.equal(mismatch.status, 400);
    assert.equal((await api(t, alice, 'POST', `/teams/${open.id}/members`, { team_id: open.id, user_id: 'nope' })).status, 400);
    assert.equal((await api(t, alice, 'POST', `/teams/${open.id}/members`, '[1]')).status, 400);
  });

  it('joins new members to town-square and off-topic, or to ExperimentalDefaultChannels matched by handle or display name', async () => {
    const team = await makeTeam(admin);
    await makeChannel(admin, team, { name: 'generelt', display_name: 'Generelt' });
    await makeChannel(admin, team, { name: 'viktig', display_name: 'Viktig' });
    await makeChannel(admin, team, { name: 'drift-ops', display_name: '[drift] alt' });
    await makeChannel(admin, team, { name: 'admis', display_name: 'Admis', type: 'P' });
    const dave = await makeUser(t);
    await admin.client.addToTeam(team.id, dave.user.id);
    assert.deepEqual(await channelNames(dave, team), ['off-topic', 'town-square']);

    await admin.client.patchConfig({ TeamSettings: { ExperimentalDefaultChannels: ['generelt', 'admis', 'VIKTIG', 'ymse', 'sosialt', '[drift] alt', 'dugnad'] } } as never);
    const erin = await makeUser(t);
    events.take();
    await admin.client.addToTeam(team.id, erin.user.id);
    assert.deepEqual(await channelNames(erin, team), ['drift-ops', 'generelt', 'town-square', 'viktig']);
    const added = events.take().filter((e) => e.event === 'user_added' && e.data.user_id === erin.user.id);
    assert.equal(added.length, 4);

    // The next joiner sees a config change at once, without a restart.
    await admin.client.patchConfig({ TeamSettings: { ExperimentalDefaultChannels: ['Off-Topic', '[DRIFT] ALT'] } } as never);
    const frank = await makeUser(t);
    await admin.client.addToTeam(team.id, frank.user.id);
    assert.deepEqual(await channelNames(frank, team), ['drift-ops', 'off-topic', 'town-square']);
    await admin.client.patchConfig({ TeamSettings: { ExperimentalDefaultChannels: [] } } as never);
  });

  it('rejoins a member who left with fresh roles and the default channels', async () => {
    const team = await makeTeam(alice);
    await alice.client.addToTeam(team.id, bob.user.id);
    await alice.client.updateTeamMemberRoles(team.id, bob.user.id, ['team_user', 'team_admin']);
    await bob.client.removeFromTeam(team.id, bob.user.id);
    assert.ok((await alice.client.getTeamMember(team.id, bob.user.id)).delete_at > 0);
    await alice.client.addToTeam(team.id, bob.user.id);
    const back = await alice.client.getTeamMember(team.id, bob.user.id);
    assert.equal(back.delete_at, 0);
    assert.equal(back.roles, 'team_user');
    assert.deepEqual(await channelNames(bob, team), ['off-topic', 'town-square']);
  });

  it('enforces TeamSettings.MaxUsersPerTeam', async () => {
    const team = await makeTeam(alice);
    await admin.client.patchConfig({ TeamSettings: { MaxUsersPerTeam: 2 } } as never);
    try {
      await alice.client.addToTeam(team.id, bob.user.id);
      await expectAppError(alice.client.addToTeam(team.id, carol.user.id), 400, 'app.team.join_user_to_team.max_accounts.app_error');
      assert.equal((await alice.client.getTeamStats(team.id)).total_member_count, 2);
    } finally {
      await admin.client.patchConfig({ TeamSettings: { MaxUsersPerTeam: 1000 } } as never);
    }
  });

  it('adds a batch all or nothing, or gracefully user by user', async () => {
    const team = await makeTeam(alice);
    const ghost = 'g'.repeat(26);
    await expectAppError(alice.client.addUsersToTeam(team.id, [bob.user.id, ghost]), 404);
    assert.equal((await alice.client.getTeamMembers(team.id)).length, 1, 'nobody was added');
    const graceful = (await alice.client.addUsersToTeamGracefully(team.id, [bob.user.id, ghost])) as unknown as Array<{ user_id: string; member?: unknown; error?: { id: string } }>;
    assert.ok(graceful.find((r) => r.user_id === bob.user.id)?.member);
    assert.equal(graceful.find((r) => r.user_id === ghost)?.error?.id, 'app.user.missing_account.const');
    const members = await alice.client.addUsersToTeam(team.id, [bob.user.id, carol.user.id]);
    assert.deepEqual(members.map((m) => m.user_id).sort(), [bob.user.id, carol.user.id].sort());
    await expectAppError(alice.client.addUsersToTeam(team.id, []), 400);
    const tooMany = Array.from({ length: 257 }, () => ({ team_id: team.id, user_id: bob.user.id }));
    assert.equal((await api(t, alice, 'POST', `/teams/${team.id}/members/batch`, tooMany)).status, 400);
    const outsider = await makeUser(t);
    await expectAppError(outsider.client.addUsersToTeam(team.id, [outsider.user.id]), 403);
  });

  it('lets anyone leave, team admins remove others, and drops the leaver from the team channels', async () => {
    const team = await makeTeam(alice);
    await alice.client.addUsersToTeam(team.id, [bob.user.id, carol.user.id]);
    const extra = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, extra.id);
    await expectAppError(bob.client.removeFromTeam(team.id, carol.user.id), 403);
    events.take();
    await alice.client.removeFromTeam(team.id, bob.user.id);
    const published = events.take();
    assert.ok(published.some((e) => e.event === 'leave_team' && e.broadcast.team_id === team.id && e.data.user_id === bob.user.id));
    const removed = published.filter((e) => e.event === 'user_removed' && e.broadcast.user_id === bob.user.id).map((e) => e.data.channel_id);
    assert.equal(removed.length, 3, 'town-square, off-topic and the extra channel');
    assert.equal((await alice.client.getChannelMembers(extra.id)).length, 1);
    await expectAppError(bob.client.getTeamMembers(team.id), 403);
    await carol.client.removeFromTeam(team.id, carol.user.id);
    assert.ok(!(await carol.client.getMyTeams()).some((x) => x.id === team.id));
    await expectAppError(alice.client.removeFromTeam(team.id, carol.user.id), 404);
  });

  it('reads members: paged, by ids, one, and for a user', async () => {
    const team = await makeTeam(alice);
    await alice.client.addUsersToTeam(team.id, [bob.user.id, carol.user.id]);
    const all = await bob.client.getTeamMembers(team.id, 0, 60);
    assert.equal(all.length, 3);
    const p0 = await bob.client.getTeamMembers(team.id, 0, 2);
    const p1 = await bob.client.getTeamMembers(team.id, 1, 2);
    assert.deepEqual([...p0, ...p1].map((m) => m.user_id), all.map((m) => m.user_id));
    const byName = await bob.client.getTeamMembers(team.id, 0, 60, { sort: 'Username' });
    assert.deepEqual(byName.map((m) => m.user_id), [alice.user.id, bob.user.id, carol.user.id]);
    const some = await bob.client.getTeamMembersByIds(team.id, [alice.user.id, admin.user.id]);
    assert.deepEqual(some.map((m) => m.user_id), [alice.user.id]);
    await expectAppError(bob.client.getTeamMembersByIds(team.id, []), 400);
    await expectAppError(bob.client.getTeamMember(team.id, admin.user.id), 404, 'app.team.get_member.missing.app_error');
    const outsider = await makeUser(t);
    await expectAppError(outsider.client.getTeamMembers(team.id), 403);
    await expectAppError(outsider.client.getTeamMember(team.id, alice.user.id), 403);
    const mine = await bob.client.getMyTeamMembers();
    assert.ok(mine.some((m) => m.team_id === team.id && m.roles === 'team_user'));
    await expectAppError(bob.client.getTeamMembersForUser(alice.user.id), 403);
    assert.ok((await admin.client.getTeamMembersForUser(bob.user.id)).some((m) => m.team_id === team.id));
    await expectAppError(bob.client.getTeamsForUser(alice.user.id), 403);
    assert.ok((await admin.client.getTeamsForUser(bob.user.id)).some((x) => x.id === team.id));
  });

  it('changes member roles with manage_team_roles only', async () => {
    const team = await makeTeam(alice);
    await alice.client.addUsersToTeam(team.id, [bob.user.id, carol.user.id]);
    await expectAppError(bob.client.updateTeamMemberRoles(team.id, bob.user.id, 'team_user team_admin' as never), 403);
    events.take();
    await alice.client.updateTeamMemberRoles(team.id, bob.user.id, 'team_user team_admin' as never);
    const ev = events.take().find((e) => e.event === 'memberrole_updated');
    assert.equal(ev?.broadcast.user_id, bob.user.id);
    assert.equal((await bob.client.getTeamMember(team.id, bob.user.id)).roles, 'team_user team_admin');
    // Now bob manages the team.
    await bob.client.removeFromTeam(team.id, carol.user.id);
    for (const roles of ['team_admin', 'system_admin team_user', '', 'team_user team_guest']) {
      await expectAppError(alice.client.updateTeamMemberRoles(team.id, bob.user.id, roles as never), 400);
    }
    await expectAppError(alice.client.updateTeamMemberRoles(team.id, carol.user.id, 'team_user' as never), 404);
  });

  it('counts members in stats and unread messages and mentions per team', async () => {
    const team = await makeTeam(alice);
    const dave = await makeUser(t);
    await alice.client.addUsersToTeam(team.id, [bob.user.id, dave.user.id]);
    assert.deepEqual(await bob.client.getTeamStats(team.id), { team_id: team.id, total_member_count: 3, active_member_count: 3 });
    await admin.client.updateUserActive(dave.user.id, false);
    assert.deepEqual(await bob.client.getTeamStats(team.id), { team_id: team.id, total_member_count: 3, active_member_count: 2 });
    await expectAppError(carol.client.getTeamStats(team.id), 403);

    // Message counts are kept by posting, which lives elsewhere; set them as posting would.
    const store = t.server.ctx.store;
    const town = await bob.client.getChannelByName(team.id, 'town-square');
    const off = await bob.client.getChannelByName(team.id, 'off-topic');
    await store.channels.update(town.id, { total_msg_count: 5, total_msg_count_root: 4 });
    await store.channels.update(off.id, { total_msg_count: 3, total_msg_count_root: 3 });
    await store.channels.updateMember(town.id, bob.user.id, { mention_count: 2, mention_count_root: 1 });
    const unread = (await bob.client.getMyTeamUnreads()).find((u) => u.team_id === team.id);
    assert.deepEqual(
      { msg: unread?.msg_count, root: unread?.msg_count_root, mentions: unread?.mention_count, rootMentions: unread?.mention_count_root },
      { msg: 8, root: 7, mentions: 2, rootMentions: 1 },
    );
    // A channel set to count mentions only adds no unread messages.
    await bob.client.updateChannelNotifyProps({ channel_id: off.id, user_id: bob.user.id, mark_unread: 'mention' });
    await bob.client.viewMyChannel(town.id);
    const after = (await api(t, bob, 'GET', `/users/me/teams/${team.id}/unread`)).body;
    assert.deepEqual({ msg: after.msg_count, mentions: after.mention_count }, { msg: 0, mentions: 0 });
    const excluded = (await api(t, bob, 'GET', `/users/me/teams/unread?exclude_team=${team.id}`)).body as unknown as Array<{ team_id: string }>;
    assert.ok(!excluded.some((u) => u.team_id === team.id));
    assert.equal((await api(t, bob, 'GET', `/users/${alice.user.id}/teams/unread`)).status, 403);
  });

  it('searches teams by name or display name', async () => {
    const stamp = uniqueName('srch');
    const open = await makeTeam(alice, { name: `${stamp}-open`, display_name: `Søk ${stamp} Åpen`, allow_open_invite: true });
    const closed = await makeTeam(alice, { name: `${stamp}-closed`, display_name: 'Hidden', type: 'I' });
    const searchTeams = async (who: TestUser, term: string) => (await who.client.searchTeams(term, {})) as unknown as Team[];
    assert.deepEqual((await searchTeams(bob, stamp)).map((x) => x.id), [open.id]);
    const forAdmin = await searchTeams(admin, stamp.toUpperCase());
    assert.deepEqual(forAdmin.map((x) => x.id).sort(), [open.id, closed.id].sort());
    const paged = (await admin.client.searchTeams(stamp, { page: 0, per_page: 1 })) as unknown as { teams: Team[]; total_count: number };
    assert.equal(paged.teams.length, 1);
    assert.equal(paged.total_count, 2);
    assert.deepEqual((await searchTeams(admin, 'søk')).filter((x) => x.id === open.id).length, 1);
    assert.equal((await api(t, bob, 'POST', '/teams/search', { term: 5 })).status, 400);
  });

  it('needs a session for every team route', async () => {
    for (const [method, path] of [
      ['GET', '/teams'],
      ['POST', '/teams'],
      ['GET', `/users/${alice.user.id}/teams`],
    ] as const) {
      assert.equal((await api(t, null, method, path)).status, 401, path);
    }
  });
});
