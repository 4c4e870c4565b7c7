import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, ChannelMembership } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { describeEachDatabase, expectAppError, makeUser, startTestServer, uniqueName, type TestServer, type TestUser } from '../test/server.ts';
import { api, makeChannel, makeTeam, recordEvents } from '../test/teams-channels.ts';
import { TestSocket } from '../test/ws.ts';

describeEachDatabase('channels', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  /** Team admin of `team`, creator of most channels here. */
  let alice: TestUser;
  /** A plain member of `team`. */
  let bob: TestUser;
  /** Not in `team`. */
  let carol: TestUser;
  let team: Team;
  let events: ReturnType<typeof recordEvents>;

  before(async () => {
    t = await startTestServer(driver);
    admin = await makeUser(t, { username: 'admin' });
    alice = await makeUser(t, { username: 'alice' });
    bob = await makeUser(t, { username: 'bob' });
    carol = await makeUser(t, { username: 'carol' });
    team = await makeTeam(alice, { name: 'fribyte' });
    await alice.client.addToTeam(team.id, bob.user.id);
    events = recordEvents(t);
  });
  after(() => t.close());

  const privateChannels = async (who: TestUser, teamId: string) => {
    const r = await api(t, who, 'GET', `/teams/${teamId}/channels/private?per_page=200`);
    return { status: r.status, channels: r.body as unknown as Channel[] };
  };
  const teamChannelCount = async () => (await admin.client.getChannels(team.id, 0, 200)).length + (await privateChannels(admin, team.id)).channels.length;

  it('creates a public channel with its creator as channel admin', async () => {
    const r = await api(t, bob, 'POST', '/channels', { team_id: team.id, name: 'generelt', display_name: 'Generelt', type: 'O', purpose: 'Alt mulig', header: 'Velkommen' });
    assert.equal(r.status, 201);
    const channel = r.body as unknown as Channel;
    assert.deepEqual(
      [channel.name, channel.display_name, channel.type, channel.team_id, channel.purpose, channel.header, channel.creator_id, channel.delete_at],
      ['generelt', 'Generelt', 'O', team.id, 'Alt mulig', 'Velkommen', bob.user.id, 0],
    );
    const member = await bob.client.getMyChannelMember(channel.id);
    assert.equal(member.roles, 'channel_user channel_admin');
    assert.equal(member.notify_props.ignore_channel_mentions, 'default');
    assert.equal(member.notify_props.mark_unread, 'all');
    const created = events.take().find((e) => e.event === 'channel_created');
    assert.deepEqual(created, { event: 'channel_created', data: { channel_id: channel.id, team_id: team.id }, broadcast: { user_id: bob.user.id } });
  });

  it('derives the handle from the display name, adding a suffix on a clash', async () => {
    const first = await alice.client.createChannel({ team_id: team.id, display_name: '[drift] alt', type: 'O' } as Channel);
    assert.equal(first.name, 'drift-alt');
    assert.equal(first.display_name, '[drift] alt');
    const second = await alice.client.createChannel({ team_id: team.id, display_name: '[Drift]  Alt', type: 'P' } as Channel);
    assert.equal(second.name, 'drift-alt-2');
    const third = await alice.client.createChannel({ team_id: team.id, name: '', display_name: '[drift:status] web01 🚀', type: 'O' } as Channel);
    assert.equal(third.name, 'drift-status-web01');
    const emoji = await alice.client.createChannel({ team_id: team.id, display_name: '🎉🎉🎉', type: 'O' } as Channel);
    assert.match(emoji.name, /^[a-z0-9]{26}$/);
    assert.equal(emoji.display_name, '🎉🎉🎉');
    assert.equal((await bob.client.getChannelByName(team.id, 'drift-alt')).id, first.id);
  });

  it('refuses a taken handle, also of an archived channel', async () => {
    await makeChannel(alice, team, { name: 'taken' });
    await expectAppError(makeChannel(bob, team, { name: 'taken' }), 400, 'store.sql_channel.save_channel.exists.app_error');
    const old = await makeChannel(alice, team, { name: 'old-one' });
    await alice.client.deleteChannel(old.id);
    await expectAppError(makeChannel(alice, team, { name: 'old-one' }), 400, 'store.sql_channel.save_channel.previously.app_error');
  });

  it('gives concurrent creations of one handle one 201 and 400s, never a 500', async () => {
    const name = uniqueName('race');
    const results = await Promise.all(
      [alice, bob, alice, bob].map((who) => api(t, who, 'POST', '/channels', { team_id: team.id, name, display_name: 'Race', type: 'O' })),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 400, 400, 400]);
    const derived = await Promise.all([alice, bob, alice].map((who) => api(t, who, 'POST', '/channels', { team_id: team.id, display_name: 'Same Name', type: 'O' })));
    assert.deepEqual(derived.map((r) => r.status), [201, 201, 201]);
    assert.deepEqual(derived.map((r) => r.body.name).sort(), ['same-name', 'same-name-2', 'same-name-3']);
  });

  it('refuses bad channel input with a clear error and writes nothing', async () => {
    const before = await teamChannelCount();
    const bad = async (body: unknown, status: number, id?: string) => {
      const r = await api(t, alice, 'POST', '/channels', body);
      assert.equal(r.status, status, JSON.stringify(body));
      if (id) assert.equal(r.body.id, id, JSON.stringify(body));
      assert.equal(typeof r.body.message, 'string');
    };
    const ok = { team_id: team.id, display_name: 'Fine', type: 'O' };
    await bad({ ...ok, display_name: undefined }, 400, 'model.channel.is_valid.display_name.app_error');
    await bad({ ...ok, display_name: '  ' }, 400, 'model.channel.is_valid.display_name.app_error');
    await bad({ ...ok, display_name: 'x'.repeat(65) }, 400, 'model.channel.is_valid.display_name.app_error');
    await bad({ ...ok, display_name: 7 }, 400, 'model.channel.is_valid.display_name.app_error');
    await bad({ ...ok, header: 'h'.repeat(1025) }, 400, 'model.channel.is_valid.header.app_error');
    await bad({ ...ok, purpose: 'p'.repeat(251) }, 400, 'model.channel.is_valid.purpose.app_error');
    await bad({ ...ok, purpose: ['x'] }, 400, 'model.channel.is_valid.purpose.app_error');
    for (const name of ['Big', '-x', 'has space', '[drift]', 'x'.repeat(65), `${alice.user.id}__${bob.user.id}`]) await bad({ ...ok, name }, 400);
    await bad({ ...ok, type: 'X' }, 400, 'model.channel.is_valid.type.app_error');
    await bad({ ...ok, type: undefined }, 400, 'model.channel.is_valid.type.app_error');
    await bad({ ...ok, type: 'D' }, 400, 'api.channel.create_channel.direct_channel.app_error');
    await bad({ ...ok, team_id: undefined }, 400, 'api.context.invalid_param.app_error');
    await bad({ ...ok, team_id: 'short' }, 400, 'api.context.invalid_param.app_error');
    await bad('{"team_id": ', 400, 'api.context.invalid_body_param.app_error');
    await bad('"just a string"', 400, 'api.context.invalid_body_param.app_error');
    assert.equal((await api(t, admin, 'POST', '/channels', { ...ok, team_id: 'q'.repeat(26) })).status, 404);
    assert.equal(await teamChannelCount(), before);
    // 64 emoji are 64 characters, not 256 bytes.
    assert.equal((await makeChannel(alice, team, { display_name: '🦊'.repeat(64) })).display_name, '🦊'.repeat(64));
  });

  it('lets only team members with the permission create channels', async () => {
    await expectAppError(makeChannel(carol, team), 403);
    await expectAppError(makeChannel(carol, team, { type: 'P' }), 403);
    const created = await makeChannel(admin, team, { type: 'P' });
    assert.equal(created.type, 'P');
  });

  it('enforces TeamSettings.MaxChannelsPerTeam', async () => {
    const other = await makeTeam(alice);
    await admin.client.patchConfig({ TeamSettings: { MaxChannelsPerTeam: 3 } } as never);
    try {
      await makeChannel(alice, other);
      await expectAppError(makeChannel(alice, other), 400, 'api.channel.create_channel.max_channel_limit.app_error');
    } finally {
      await admin.client.patchConfig({ TeamSettings: { MaxChannelsPerTeam: 2000 } } as never);
    }
  });

  it('shows private channels only to their members, team admins (by handle) and system admins', async () => {
    const secret = await makeChannel(bob, team, { name: 'hemmelig', type: 'P' });
    const open = await makeChannel(bob, team, { name: 'apent' });
    const dave = await makeUser(t);
    await alice.client.addToTeam(team.id, dave.user.id);
    await expectAppError(dave.client.getChannel(secret.id), 403, 'api.context.permissions.app_error');
    await expectAppError(dave.client.getChannelByName(team.id, 'hemmelig'), 404, 'app.channel.get_by_name.missing.app_error');
    await expectAppError(dave.client.getChannelByNameAndTeamName('fribyte', 'hemmelig'), 404);
    await expectAppError(dave.client.getChannelMembers(secret.id), 403);
    await expectAppError(dave.client.getChannelStats(secret.id), 403);
    assert.equal((await dave.client.getChannel(open.id)).id, open.id, 'team members read public channels they are not in');
    assert.equal((await dave.client.getChannelByNameAndTeamName('fribyte', 'apent')).id, open.id);
    assert.equal((await alice.client.getChannelByName(team.id, 'hemmelig')).id, secret.id, 'team admins may look private channels up');
    assert.equal((await admin.client.getChannel(secret.id)).id, secret.id);
    await expectAppError(carol.client.getChannel(open.id), 403, 'api.context.permissions.app_error');
    await expectAppError(carol.client.getChannelByName(team.id, 'apent'), 403);
    await expectAppError(bob.client.getChannel('q'.repeat(26)), 404, 'app.channel.get.existing.app_error');
    await expectAppError(bob.client.getChannel('bad'), 400);
    await expectAppError(bob.client.getChannelByNameAndTeamName('no-such-team', 'apent'), 404, 'app.team.get_by_name.missing.app_error');
  });

  it('creates direct messages once, named by the sorted ids', async () => {
    const r = await api(t, alice, 'POST', '/channels/direct', [alice.user.id, bob.user.id]);
    assert.equal(r.status, 201);
    const dm = r.body as unknown as Channel;
    assert.equal(dm.type, 'D');
    assert.equal(dm.team_id, '');
    assert.equal(dm.name, [alice.user.id, bob.user.id].sort().join('__'));
    const published = events.take().find((e) => e.event === 'direct_added');
    assert.deepEqual(published?.broadcast, { channel_id: dm.id });
    assert.equal(published?.data.teammate_id, bob.user.id);
    assert.equal((await bob.client.createDirectChannel([bob.user.id, alice.user.id])).id, dm.id);
    assert.equal(events.take().filter((e) => e.event === 'direct_added').length, 0);
    assert.deepEqual((await alice.client.getChannelMembers(dm.id)).map((m) => m.user_id).sort(), [alice.user.id, bob.user.id].sort());
    const self = await alice.client.createDirectChannel([alice.user.id]);
    assert.equal(self.name, `${alice.user.id}__${alice.user.id}`);
    await expectAppError(carol.client.createDirectChannel([alice.user.id, bob.user.id]), 403);
    await expectAppError(alice.client.createDirectChannel([alice.user.id, 'bad']), 400);
    await expectAppError(alice.client.createDirectChannel([alice.user.id, 'n'.repeat(26)]), 404);
    await expectAppError(alice.client.createDirectChannel([alice.user.id, bob.user.id, carol.user.id]), 400);
    await expectAppError(carol.client.getChannel(dm.id), 403);
    const mine = await bob.client.getMyChannels(team.id);
    assert.ok(mine.some((c) => c.id === dm.id), 'a team listing includes direct messages');
  });

  it('creates group messages of 3–8 people once per member set', async () => {
    const gm = await alice.client.createGroupChannel([bob.user.id, carol.user.id]);
    assert.equal(gm.type, 'G');
    assert.equal(gm.display_name, 'alice, bob, carol');
    assert.match(gm.name, /^[0-9a-f]{40}$/);
    const added = events.take().find((e) => e.event === 'group_added');
    assert.equal(added?.broadcast.channel_id, gm.id);
    assert.deepEqual(JSON.parse(added?.data.teammate_ids as string).sort(), [bob.user.id, carol.user.id].sort());
    assert.equal((await carol.client.createGroupChannel([alice.user.id, carol.user.id, bob.user.id])).id, gm.id);
    await expectAppError(alice.client.createGroupChannel([bob.user.id]), 400, 'api.channel.create_group.bad_size.app_error');
    const many = await Promise.all(Array.from({ length: 8 }, () => makeUser(t)));
    await expectAppError(alice.client.createGroupChannel(many.map((u) => u.user.id)), 400, 'api.channel.create_group.bad_size.app_error');
    await expectAppError(alice.client.createGroupChannel([bob.user.id, 'm'.repeat(26)]), 400, 'api.create_group.bad_user.app_error');
    await expectAppError(alice.client.createGroupChannel([bob.user.id, 'bad']), 400);
    assert.ok((await carol.client.getAllTeamsChannels()).some((c) => c.id === gm.id));
  });

  it('lists public, private and archived channels of a team, paged', async () => {
    const other = await makeTeam(alice);
    const names = ['aa', 'bb', 'cc'];
    for (const name of names) await makeChannel(alice, other, { name, display_name: name.toUpperCase() });
    const hidden = await makeChannel(alice, other, { name: 'zz-private', type: 'P' });
    const p0 = await alice.client.getChannels(other.id, 0, 2);
    const p1 = await alice.client.getChannels(other.id, 1, 2);
    const p2 = await alice.client.getChannels(other.id, 2, 2);
    assert.deepEqual([...p0, ...p1, ...p2].map((c) => c.name), ['aa', 'bb', 'cc', 'off-topic', 'town-square']);
    assert.ok([...p0, ...p1, ...p2].every((c) => c.type === 'O'));
    assert.deepEqual((await privateChannels(admin, other.id)).channels.map((c) => c.id), [hidden.id]);
    assert.equal((await privateChannels(alice, other.id)).status, 403);
    await expectAppError(carol.client.getChannels(other.id), 403);

    const archivedPublic = await makeChannel(alice, other, { name: 'gone' });
    const archivedPrivate = await makeChannel(alice, other, { name: 'gone-private', type: 'P' });
    await alice.client.deleteChannel(archivedPublic.id);
    await alice.client.deleteChannel(archivedPrivate.id);
    await alice.client.addToTeam(other.id, bob.user.id);
    assert.deepEqual((await bob.client.getArchivedChannels(other.id)).map((c) => c.name), ['gone']);
    assert.deepEqual((await alice.client.getArchivedChannels(other.id)).map((c) => c.name).sort(), ['gone', 'gone-private']);
    assert.ok(!(await alice.client.getChannels(other.id)).some((c) => c.id === archivedPublic.id));
    const withDeleted = (await api(t, alice, 'GET', `/users/me/teams/${other.id}/channels?include_deleted=true`)).body as unknown as Channel[];
    assert.ok(withDeleted.some((c) => c.id === archivedPublic.id));
    assert.ok(!(await alice.client.getMyChannels(other.id)).some((c) => c.id === archivedPublic.id));
    assert.equal((await alice.client.getChannelByName(other.id, 'gone', true)).id, archivedPublic.id);
    await expectAppError(alice.client.getChannelByName(other.id, 'gone'), 404);
  });

  it("lists a user's channels only to that user or a system admin", async () => {
    assert.equal((await api(t, bob, 'GET', `/users/${alice.user.id}/channels`)).status, 403);
    assert.equal((await api(t, bob, 'GET', `/users/${alice.user.id}/teams/${team.id}/channels`)).status, 403);
    assert.equal((await api(t, carol, 'GET', `/users/me/teams/${team.id}/channels`)).status, 403);
    const forAdmin = (await api(t, admin, 'GET', `/users/${bob.user.id}/channels`)).body as unknown as Channel[];
    assert.ok(forAdmin.some((c) => c.name === 'town-square' && c.team_id === team.id));
    const members = await bob.client.getMyChannelMembers(team.id);
    const town = await bob.client.getChannelByName(team.id, 'town-square');
    assert.ok(members.some((m) => m.channel_id === town.id));
    assert.equal((await api(t, bob, 'GET', `/users/${alice.user.id}/teams/${team.id}/channels/members`)).status, 403);
  });

  it('renames and re-describes channels with the right permission, and keeps town-square its handle', async () => {
    const ch = await makeChannel(alice, team, { name: 'drift-x', display_name: '[drift] x' });
    await alice.client.addToChannel(bob.user.id, ch.id);
    events.take();
    const patched = await bob.client.patchChannel(ch.id, { display_name: '[drift] renamed', name: 'drift-renamed', header: 'Driftskanal', purpose: '' });
    assert.deepEqual([patched.display_name, patched.name, patched.header, patched.purpose], ['[drift] renamed', 'drift-renamed', 'Driftskanal', '']);
    const updated = events.take().find((e) => e.event === 'channel_updated');
    assert.equal(updated?.broadcast.channel_id, ch.id);
    assert.equal(JSON.parse(updated!.data.channel as string).name, 'drift-renamed');
    assert.equal((await bob.client.getChannelByName(team.id, 'drift-renamed')).id, ch.id);

    const dave = await makeUser(t);
    await alice.client.addToTeam(team.id, dave.user.id);
    await expectAppError(dave.client.patchChannel(ch.id, { header: 'not a member' }), 403, 'api.context.permissions.app_error');
    await expectAppError(carol.client.patchChannel(ch.id, { header: 'not in team' }), 403);
    await expectAppError(bob.client.patchChannel(ch.id, { header: 'h'.repeat(1025), display_name: 'changed' }), 400, 'model.channel.is_valid.header.app_error');
    await expectAppError(bob.client.patchChannel(ch.id, { name: 'Bad Name' }), 400);
    await expectAppError(bob.client.patchChannel(ch.id, { name: 'generelt' }), 400, 'store.sql_channel.save_channel.exists.app_error');
    await expectAppError(bob.client.patchChannel(ch.id, {}), 400, 'api.channel.patch_update_channel.no_changes.app_error');
    assert.equal((await bob.client.getChannel(ch.id)).display_name, '[drift] renamed');

    const town = await alice.client.getChannelByName(team.id, 'town-square');
    await expectAppError(alice.client.patchChannel(town.id, { name: 'plassen' }), 400, 'api.channel.update_channel.tried.app_error');
    assert.equal((await alice.client.patchChannel(town.id, { display_name: 'Torget' })).display_name, 'Torget');

    const full = await bob.client.updateChannel({ ...patched, header: 'via PUT', display_name: '' });
    assert.deepEqual([full.header, full.display_name, full.name], ['via PUT', '[drift] renamed', 'drift-renamed']);
    assert.equal((await api(t, bob, 'PUT', `/channels/${ch.id}`, { ...patched, id: town.id })).status, 400);
    assert.equal((await api(t, bob, 'PUT', `/channels/${ch.id}`, { ...patched, type: 'P' })).status, 400);

    const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    assert.equal((await bob.client.patchChannel(dm.id, { header: 'just us' })).header, 'just us');
    await expectAppError(bob.client.patchChannel(dm.id, { display_name: 'Us' }), 400, 'api.channel.patch_update_channel.update_direct_or_group_messages_not_allowed.app_error');
    await expectAppError(carol.client.patchChannel(dm.id, { header: 'me too' }), 403);
  });

  it('converts channels between public and private with the convert permissions', async () => {
    const ch = await makeChannel(bob, team);
    await expectAppError(bob.client.updateChannelPrivacy(ch.id, 'P'), 403);
    events.take();
    const converted = await alice.client.updateChannelPrivacy(ch.id, 'P');
    assert.equal(converted.type, 'P');
    assert.ok(events.take().some((e) => e.event === 'channel_converted' && e.broadcast.team_id === team.id && e.data.channel_id === ch.id));
    assert.equal((await admin.client.updateChannelPrivacy(ch.id, 'O')).type, 'O');
    const town = await alice.client.getChannelByName(team.id, 'town-square');
    await expectAppError(alice.client.updateChannelPrivacy(town.id, 'P'), 400, 'api.channel.update_channel_privacy.default_channel_error');
    await expectAppError(alice.client.updateChannelPrivacy(ch.id, 'X'), 400);
  });

  it('archives and restores channels; town-square and messages cannot be archived; permanent only when enabled', async () => {
    const ch = await makeChannel(bob, team);
    await expectAppError(carol.client.deleteChannel(ch.id), 403);
    const dave = await makeUser(t);
    await alice.client.addToTeam(team.id, dave.user.id);
    await expectAppError(dave.client.deleteChannel(ch.id), 403, 'api.context.permissions.app_error');
    events.take();
    await bob.client.deleteChannel(ch.id);
    const deleted = events.take().find((e) => e.event === 'channel_deleted');
    assert.equal(deleted?.broadcast.team_id, team.id);
    assert.equal(deleted?.data.channel_id, ch.id);
    assert.ok((await bob.client.getChannel(ch.id)).delete_at > 0);
    await expectAppError(bob.client.deleteChannel(ch.id), 400, 'api.channel.delete_channel.deleted.app_error');
    await expectAppError(bob.client.patchChannel(ch.id, { header: 'x' }), 400, 'api.channel.update_channel.deleted.app_error');
    await expectAppError(alice.client.addToChannel(dave.user.id, ch.id), 400);
    await expectAppError(bob.client.unarchiveChannel(ch.id), 403);
    assert.equal((await alice.client.unarchiveChannel(ch.id)).delete_at, 0);
    await expectAppError(alice.client.unarchiveChannel(ch.id), 400, 'api.channel.restore_channel.restored.app_error');

    const town = await alice.client.getChannelByName(team.id, 'town-square');
    await expectAppError(alice.client.deleteChannel(town.id), 400, 'api.channel.delete_channel.cannot.app_error');
    const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    await expectAppError(alice.client.deleteChannel(dm.id), 400, 'api.channel.delete_channel.type.invalid');

    const permanent = await api(t, admin, 'DELETE', `/channels/${ch.id}?permanent=true`);
    assert.equal(permanent.status, 403);
    assert.equal(permanent.body.id, 'api.user.delete_channel.not_enabled.app_error');
    await admin.client.patchConfig({ ServiceSettings: { EnableAPIChannelDeletion: true } } as never);
    try {
      assert.equal((await api(t, bob, 'DELETE', `/channels/${ch.id}?permanent=true`)).status, 200);
    } finally {
      await admin.client.patchConfig({ ServiceSettings: { EnableAPIChannelDeletion: false } } as never);
    }
    await expectAppError(admin.client.getChannel(ch.id), 404);
  });

  it('adds members: yourself to public channels, others as a member, only people in the team', async () => {
    const ch = await makeChannel(alice, team);
    const dave = await makeUser(t);
    await alice.client.addToTeam(team.id, dave.user.id);
    const r = await api(t, dave, 'POST', `/channels/${ch.id}/members`, { user_id: dave.user.id });
    assert.equal(r.status, 201);
    assert.equal((r.body as unknown as ChannelMembership).roles, 'channel_user');
    events.take();
    const added = await dave.client.addToChannels([bob.user.id], ch.id);
    assert.ok(Array.isArray(added));
    assert.equal(added[0]?.user_id, bob.user.id);
    const userAdded = events.take().filter((e) => e.event === 'user_added');
    assert.deepEqual(userAdded, [{ event: 'user_added', data: { user_id: bob.user.id, team_id: team.id }, broadcast: { channel_id: ch.id } }]);
    assert.equal((await dave.client.addToChannel(bob.user.id, ch.id)).user_id, bob.user.id, 'adding a member again is harmless');
    await expectAppError(dave.client.addToChannel(carol.user.id, ch.id), 403, 'api.channel.add_user.to.channel.failed.deleted.app_error');
    await expectAppError(carol.client.addToChannel(carol.user.id, ch.id), 403);
    await expectAppError(dave.client.addToChannel('u'.repeat(26), ch.id), 404);
    assert.equal((await api(t, dave, 'POST', `/channels/${ch.id}/members`, { user_id: 'bad' })).status, 400);
    assert.equal((await api(t, dave, 'POST', `/channels/${ch.id}/members`, { user_ids: 'notalist' })).status, 400);
    assert.equal((await api(t, dave, 'POST', `/channels/${ch.id}/members`, {})).status, 400);
    // All or nothing: a batch with someone outside the team adds nobody.
    const erin = await makeUser(t);
    await alice.client.addToTeam(team.id, erin.user.id);
    await expectAppError(dave.client.addToChannels([erin.user.id, carol.user.id], ch.id), 403);
    await expectAppError(dave.client.getChannelMember(ch.id, erin.user.id), 404);

    const secret = await makeChannel(bob, team, { type: 'P' });
    await expectAppError(dave.client.addToChannel(dave.user.id, secret.id), 403);
    await expectAppError(dave.client.addToChannel(erin.user.id, secret.id), 403);
    await bob.client.addToChannel(dave.user.id, secret.id);
    await dave.client.addToChannel(erin.user.id, secret.id);
    await alice.client.addToChannel(alice.user.id, secret.id);
    assert.equal((await bob.client.getChannelMembers(secret.id)).length, 4);

    const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    await expectAppError(alice.client.addToChannel(dave.user.id, dm.id), 400, 'api.channel.add_user_to_channel.type.app_error');
  });

  it('removes members: anyone leaves, members remove others, nobody leaves town-square or a direct message', async () => {
    const ch = await makeChannel(alice, team);
    const dave = await makeUser(t);
    await alice.client.addToTeam(team.id, dave.user.id);
    await alice.client.addToChannels([bob.user.id, dave.user.id], ch.id);
    events.take();
    await bob.client.removeFromChannel(dave.user.id, ch.id);
    const removed = events.take().filter((e) => e.event === 'user_removed');
    assert.deepEqual(removed, [
      { event: 'user_removed', data: { user_id: dave.user.id, remover_id: bob.user.id }, broadcast: { channel_id: ch.id } },
      { event: 'user_removed', data: { channel_id: ch.id, remover_id: bob.user.id }, broadcast: { user_id: dave.user.id } },
    ]);
    await bob.client.removeFromChannel(bob.user.id, ch.id);
    await expectAppError(bob.client.getMyChannelMember(ch.id), 404);
    await expectAppError(dave.client.removeFromChannel(alice.user.id, ch.id), 403);
    await expectAppError(alice.client.removeFromChannel(dave.user.id, ch.id), 404, 'app.channel.get_member.missing.app_error');
    const town = await alice.client.getChannelByName(team.id, 'town-square');
    await expectAppError(bob.client.removeFromChannel(bob.user.id, town.id), 400, 'api.channel.remove.default.app_error');
    await expectAppError(alice.client.removeFromChannel(bob.user.id, town.id), 400, 'api.channel.remove.default.app_error');
    const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    await expectAppError(alice.client.removeFromChannel(bob.user.id, dm.id), 400, 'api.channel.remove_channel_member.type.app_error');
    const secret = await makeChannel(bob, team, { type: 'P' });
    await bob.client.addToChannel(dave.user.id, secret.id);
    const erin = await makeUser(t);
    await alice.client.addToTeam(team.id, erin.user.id);
    await expectAppError(erin.client.removeFromChannel(dave.user.id, secret.id), 403);
  });

  it('reads members: paged, by ids, one', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    const all = await bob.client.getChannelMembers(ch.id);
    assert.equal(all.length, 2);
    const p0 = await bob.client.getChannelMembers(ch.id, 0, 1);
    const p1 = await bob.client.getChannelMembers(ch.id, 1, 1);
    assert.deepEqual([...p0, ...p1].map((m) => m.user_id), all.map((m) => m.user_id));
    const byIds = await bob.client.getChannelMembersByIds(ch.id, [alice.user.id, carol.user.id]);
    assert.deepEqual(byIds.map((m) => m.user_id), [alice.user.id]);
    await expectAppError(bob.client.getChannelMembersByIds(ch.id, []), 400);
    const one = await bob.client.getChannelMember(ch.id, alice.user.id);
    assert.deepEqual(Object.keys(one).sort(), [
      'channel_id', 'explicit_roles', 'last_update_at', 'last_viewed_at', 'mention_count', 'mention_count_root', 'msg_count', 'msg_count_root',
      'notify_props', 'roles', 'scheme_admin', 'scheme_guest', 'scheme_user', 'urgent_mention_count', 'user_id',
    ]);
    await expectAppError(bob.client.getChannelMember(ch.id, carol.user.id), 404, 'app.channel.get_member.missing.app_error');
    await expectAppError(carol.client.getChannelMembers(ch.id), 403);
  });

  it('changes channel roles with manage_channel_roles only', async () => {
    const ch = await makeChannel(bob, team);
    const dave = await makeUser(t);
    await alice.client.addToTeam(team.id, dave.user.id);
    await bob.client.addToChannel(dave.user.id, ch.id);
    await expectAppError(dave.client.updateChannelMemberRoles(ch.id, dave.user.id, 'channel_user channel_admin'), 403);
    events.take();
    await bob.client.updateChannelMemberRoles(ch.id, dave.user.id, 'channel_user channel_admin');
    assert.equal((await dave.client.getMyChannelMember(ch.id)).roles, 'channel_user channel_admin');
    const ev = events.take().find((e) => e.event === 'channel_member_updated');
    assert.equal(ev?.broadcast.user_id, dave.user.id);
    assert.equal(JSON.parse(ev!.data.channelMember as string).roles, 'channel_user channel_admin');
    await dave.client.updateChannelMemberRoles(ch.id, bob.user.id, 'channel_user');
    assert.equal((await bob.client.getMyChannelMember(ch.id)).roles, 'channel_user');
    for (const roles of ['channel_admin', 'team_admin channel_user', '']) await expectAppError(dave.client.updateChannelMemberRoles(ch.id, bob.user.id, roles), 400);
    await expectAppError(dave.client.updateChannelMemberRoles(ch.id, carol.user.id, 'channel_user'), 404);
  });

  it('merges notify props for the member themself only, checking every value', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    events.take();
    await bob.client.updateChannelNotifyProps({ channel_id: ch.id, user_id: bob.user.id, ignore_channel_mentions: 'on', push: 'none' });
    await bob.client.updateChannelNotifyProps({ channel_id: ch.id, user_id: bob.user.id, mark_unread: 'mention', desktop: 'all' });
    const props = (await bob.client.getMyChannelMember(ch.id)).notify_props;
    assert.deepEqual(
      [props.ignore_channel_mentions, props.push, props.mark_unread, props.desktop, props.email],
      ['on', 'none', 'mention', 'all', 'default'],
    );
    assert.equal(events.take().filter((e) => e.event === 'channel_member_updated' && e.broadcast.user_id === bob.user.id).length, 2);
    await expectAppError(alice.client.updateChannelNotifyProps({ channel_id: ch.id, user_id: bob.user.id, push: 'all' }), 403);
    await expectAppError(bob.client.updateChannelNotifyProps({ channel_id: ch.id, user_id: bob.user.id, mark_unread: 'sometimes' as never }), 400, 'model.channel_member.is_valid.unread_level.app_error');
    await expectAppError(bob.client.updateChannelNotifyProps({ channel_id: ch.id, user_id: bob.user.id, ignore_channel_mentions: 'maybe' as never, push: 'all' }), 400);
    assert.equal((await api(t, bob, 'PUT', `/channels/${ch.id}/members/me/notify_props`, { desktop: true })).status, 400);
    assert.equal((await bob.client.getMyChannelMember(ch.id)).notify_props.push, 'none', 'a refused change changes nothing');
    await expectAppError(carol.client.updateChannelNotifyProps({ channel_id: ch.id, user_id: carol.user.id, push: 'all' }), 404);
    assert.equal((await admin.client.updateChannelNotifyProps({ channel_id: ch.id, user_id: bob.user.id, email: 'all' })).status, 'OK');
  });

  it('marks channels viewed and reports unreads', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    // Posting (another module) keeps these counters; set them as it would.
    await t.server.ctx.store.channels.update(ch.id, { total_msg_count: 7, total_msg_count_root: 5, last_post_at: 1 });
    await t.server.ctx.store.channels.updateMember(ch.id, bob.user.id, { msg_count: 2, mention_count: 3, mention_count_root: 1 });
    const unread = (await api(t, bob, 'GET', `/users/me/channels/${ch.id}/unread`)).body;
    assert.deepEqual(
      { team_id: unread.team_id, channel_id: unread.channel_id, msg_count: unread.msg_count, mention_count: unread.mention_count, root: unread.mention_count_root },
      { team_id: team.id, channel_id: ch.id, msg_count: 5, mention_count: 3, root: 1 },
    );
    const other = await makeChannel(alice, team);
    events.take();
    const viewed = await api(t, bob, 'POST', '/channels/members/me/view', { channel_id: ch.id, prev_channel_id: other.id });
    assert.equal(viewed.status, 200);
    assert.equal(viewed.body.status, 'OK');
    const times = viewed.body.last_viewed_at_times as Record<string, number>;
    assert.deepEqual(Object.keys(times), [ch.id], 'only channels bob is in are marked');
    const member = await bob.client.getMyChannelMember(ch.id);
    assert.deepEqual([member.msg_count, member.msg_count_root, member.mention_count, member.mention_count_root, member.last_viewed_at], [7, 5, 0, 0, times[ch.id]]);
    assert.ok(member.last_viewed_at > 0);
    assert.deepEqual(events.take(), [{ event: 'channel_viewed', data: { channel_id: ch.id }, broadcast: { user_id: bob.user.id } }]);
    const after = (await api(t, bob, 'GET', `/users/me/channels/${ch.id}/unread`)).body;
    assert.equal(after.msg_count, 0);
    await t.server.ctx.store.channels.update(other.id, { total_msg_count: 2 });
    await alice.client.addToChannel(bob.user.id, other.id);
    const marked = await bob.client.readMultipleChannels([ch.id, other.id]);
    assert.deepEqual(Object.keys(marked.last_viewed_at_times).sort(), [ch.id, other.id].sort());
    assert.equal((await bob.client.getMyChannelMember(other.id)).msg_count, 2);
    assert.equal((await api(t, bob, 'POST', '/channels/members/me/mark_read', [])).status, 400);
    assert.equal((await api(t, bob, 'POST', '/channels/members/me/view', { channel_id: '' })).status, 200);
    assert.equal((await api(t, bob, 'POST', '/channels/members/me/view', { channel_id: 'bad' })).status, 400);
    assert.equal((await api(t, bob, 'POST', `/channels/members/${alice.user.id}/view`, { channel_id: ch.id })).status, 403);
    assert.equal((await api(t, bob, 'GET', `/users/${alice.user.id}/channels/${ch.id}/unread`)).status, 403);
    assert.equal((await api(t, carol, 'GET', `/users/me/channels/${ch.id}/unread`)).status, 403);
  });

  it('counts members in channel stats', async () => {
    const ch = await makeChannel(alice, team);
    const dave = await makeUser(t);
    await alice.client.addToTeam(team.id, dave.user.id);
    await alice.client.addToChannels([bob.user.id, dave.user.id], ch.id);
    assert.deepEqual(await bob.client.getChannelStats(ch.id, true), { channel_id: ch.id, member_count: 3, guest_count: 0, pinnedpost_count: 0, files_count: 0 });
    await admin.client.updateUserActive(dave.user.id, false);
    const stats = await bob.client.getChannelStats(ch.id);
    assert.equal(stats.member_count, 2);
    assert.equal(stats.files_count, -1);
  });

  it('searches and autocompletes channels, showing private ones only to their members', async () => {
    const other = await makeTeam(alice);
    await alice.client.addToTeam(other.id, bob.user.id);
    const pub = await makeChannel(alice, other, { name: 'drift-varsler', display_name: '[drift] Varsler' });
    const priv = await makeChannel(alice, other, { name: 'drift-intern', display_name: '[drift] Intern', type: 'P' });
    const gitea = await makeChannel(alice, other, { name: 'gitea-prat', display_name: '[gitea] prat' });
    const found = await bob.client.searchChannels(other.id, 'DRIFT');
    assert.deepEqual(found.map((c) => c.id), [pub.id]);
    assert.deepEqual((await bob.client.searchChannels(other.id, 'arsl')).map((c) => c.id), [pub.id]);
    assert.deepEqual((await alice.client.autocompleteChannels(other.id, 'dri')).map((c) => c.id), [priv.id, pub.id]);
    assert.deepEqual((await bob.client.autocompleteChannels(other.id, 'dri')).map((c) => c.id), [pub.id]);
    assert.deepEqual((await bob.client.autocompleteChannels(other.id, 'prat')).map((c) => c.id), [gitea.id], 'a word inside the name matches');
    assert.deepEqual((await bob.client.autocompleteChannels(other.id, 'rift')).length, 0, 'autocomplete matches starts of words');
    assert.deepEqual((await bob.client.autocompleteChannelsForSearch(other.id, 'dri')).length, 0, 'search autocomplete offers only channels bob is in');
    await alice.client.addToChannel(bob.user.id, pub.id);
    assert.deepEqual((await bob.client.autocompleteChannelsForSearch(other.id, 'dri')).map((c) => c.id), [pub.id]);
    await expectAppError(carol.client.searchChannels(other.id, 'drift'), 404);
    await expectAppError(carol.client.autocompleteChannels(other.id, 'drift'), 403);
    assert.equal((await api(t, bob, 'POST', `/teams/${other.id}/channels/search`, { term: 3 })).status, 400);
    assert.deepEqual((await bob.client.searchChannels(other.id, '%')).length, 0, 'LIKE wildcards match literally');
  });

  it('delivers channel events over the WebSocket to the people concerned', async () => {
    const ch = await makeChannel(alice, team);
    const socket = await TestSocket.open(t.url, { token: bob.token });
    try {
      await socket.event('hello');
      await alice.client.addToChannel(bob.user.id, ch.id);
      const added = await socket.event('user_added');
      assert.deepEqual(added.data, { user_id: bob.user.id, team_id: team.id });
      assert.equal(added.broadcast?.channel_id, ch.id);
      await alice.client.patchChannel(ch.id, { header: 'news' });
      const updated = await socket.event('channel_updated');
      assert.equal(JSON.parse(updated.data?.channel as string).header, 'news');
      await alice.client.removeFromChannel(bob.user.id, ch.id);
      const removed = await socket.event('user_removed');
      assert.deepEqual(removed.data, { channel_id: ch.id, remover_id: alice.user.id });
    } finally {
      socket.close();
    }
  });

  it('needs a session for every channel route', async () => {
    for (const [method, path] of [
      ['POST', '/channels'],
      ['GET', `/teams/${team.id}/channels`],
      ['POST', '/channels/direct'],
    ] as const) {
      assert.equal((await api(t, null, method, path)).status, 401, path);
    }
  });
});
