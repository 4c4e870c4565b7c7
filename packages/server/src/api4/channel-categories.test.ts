import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { ChannelCategory, OrderedChannelCategories } from '@mattermost/types/channel_categories';
import type { Team } from '@mattermost/types/teams';
import { describeEachDatabase, expectAppError, makeUser, startTestServer, type TestServer, type TestUser } from '../test/server.ts';
import { api, makeChannel, makeTeam, recordEvents } from '../test/teams-channels.ts';
import { TestSocket } from '../test/ws.ts';

type Category = ChannelCategory & { sort_order: number };

describeEachDatabase('channel sidebar categories', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  /** Not in `team`. */
  let carol: TestUser;
  let team: Team;
  let other: Team;
  let general: Channel;
  let random: Channel;
  let secret: Channel;
  let bobsPrivate: Channel;
  let elsewhere: Channel;
  let dm: Channel;
  let events: ReturnType<typeof recordEvents>;

  before(async () => {
    t = await startTestServer(driver);
    admin = await makeUser(t, { username: 'admin' });
    alice = await makeUser(t, { username: 'alice' });
    bob = await makeUser(t, { username: 'bob' });
    carol = await makeUser(t, { username: 'carol' });
    team = await makeTeam(alice, { name: 'fribyte' });
    other = await makeTeam(alice, { name: 'andre' });
    await alice.client.addToTeam(team.id, bob.user.id);
    general = await makeChannel(alice, team, { name: 'generelt', display_name: 'Generelt' });
    random = await makeChannel(alice, team, { name: 'tilfeldig', display_name: 'Tilfeldig' });
    secret = await makeChannel(alice, team, { name: 'hemmelig', display_name: 'Hemmelig', type: 'P' });
    bobsPrivate = await makeChannel(bob, team, { name: 'bobs', display_name: 'Bobs', type: 'P' });
    elsewhere = await makeChannel(alice, other, { name: 'annet', display_name: 'Annet' });
    dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    events = recordEvents(t);
  });
  after(() => t.close());

  const categories = async (who: TestUser = alice, teamId = team.id) => (await who.client.getChannelCategories(who.user.id, teamId)) as unknown as { categories: Category[]; order: string[] };
  const byType = (all: { categories: Category[] }, type: string) => all.categories.find((c) => c.type === type)!;
  const idOf = (type: string, u: TestUser = alice, teamId = team.id) => `${type}_${u.user.id}_${teamId}`;

  it('creates the default categories on first read, with Mattermost\'s ids, and sorts every channel into them', async () => {
    const all = await categories();
    assert.deepEqual(all.order, [idOf('favorites'), idOf('channels'), idOf('direct_messages')]);
    assert.deepEqual(
      all.categories.map((c) => [c.id, c.type, c.display_name, c.sorting, c.muted, c.collapsed, c.user_id, c.team_id, c.sort_order]),
      [
        [idOf('favorites'), 'favorites', 'Favorites', '', false, false, alice.user.id, team.id, 0],
        [idOf('channels'), 'channels', 'Channels', '', false, false, alice.user.id, team.id, 10],
        [idOf('direct_messages'), 'direct_messages', 'Direct Messages', 'recent', false, false, alice.user.id, team.id, 20],
      ],
    );
    assert.deepEqual(byType(all, 'favorites').channel_ids, []);
    const channels = byType(all, 'channels').channel_ids;
    for (const c of [general, random, secret]) assert.ok(channels.includes(c.id), c.name);
    assert.ok(!channels.includes(bobsPrivate.id) && !channels.includes(elsewhere.id) && !channels.includes(dm.id));
    assert.deepEqual(byType(all, 'direct_messages').channel_ids, [dm.id]);
    assert.deepEqual(await alice.client.getChannelCategoryOrder(alice.user.id, team.id), all.order);
    const one = await alice.client.getChannelCategory(alice.user.id, team.id, idOf('channels'));
    assert.deepEqual(one, byType(all, 'channels'));
  });

  it('fills a new Favorites category from the favorite_channel preferences', async () => {
    await bob.client.savePreferences(bob.user.id, [
      { user_id: bob.user.id, category: 'favorite_channel', name: bobsPrivate.id, value: 'true' },
      { user_id: bob.user.id, category: 'favorite_channel', name: dm.id, value: 'true' },
    ]);
    const all = await categories(bob);
    assert.deepEqual(byType(all, 'favorites').channel_ids.sort(), [bobsPrivate.id, dm.id].sort());
    assert.ok(!byType(all, 'channels').channel_ids.includes(bobsPrivate.id));
    assert.deepEqual(byType(all, 'direct_messages').channel_ids, []);
  });

  it('creates a custom category after Favorites, moving its channels there, and tells only the user\'s sockets', async () => {
    const mine = await TestSocket.open(t.url, { token: alice.token });
    const theirs = await TestSocket.open(t.url, { token: bob.token });
    await mine.event('hello');
    await theirs.event('hello');
    events.take();
    const created = (await alice.client.createChannelCategory(alice.user.id, team.id, {
      user_id: alice.user.id,
      team_id: team.id,
      display_name: '  Drift  ',
      channel_ids: [random.id, dm.id],
    } as Partial<ChannelCategory> as ChannelCategory)) as Category;
    assert.equal(created.type, 'custom');
    assert.equal(created.display_name, 'Drift');
    assert.deepEqual(created.channel_ids, [random.id, dm.id]);
    assert.equal(created.sort_order, 10);
    assert.match(created.id, /^[a-z0-9]{26}$/);

    const all = await categories();
    assert.deepEqual(all.order, [idOf('favorites'), created.id, idOf('channels'), idOf('direct_messages')]);
    assert.deepEqual(all.categories.map((c) => c.sort_order), [0, 10, 20, 30]);
    assert.ok(!byType(all, 'channels').channel_ids.includes(random.id));
    assert.deepEqual(byType(all, 'direct_messages').channel_ids, []);
    // The direct message stays in the other team's Direct Messages: categories are per team.
    assert.deepEqual(byType(await categories(alice, other.id), 'direct_messages').channel_ids, [dm.id]);

    const frame = await mine.event('sidebar_category_created');
    assert.deepEqual(frame.data, { category_id: created.id });
    assert.equal(frame.broadcast!.team_id, team.id);
    assert.equal(frame.broadcast!.user_id, alice.user.id);
    const updated = events.take().filter((e) => e.event === 'sidebar_category_updated');
    assert.deepEqual(
      JSON.parse(String(updated[0]!.data.updatedCategories)).map((c: Category) => c.id).sort(),
      [idOf('channels'), idOf('direct_messages')].sort(),
    );
    await t.server.hub.flushed();
    assert.ok(!theirs.frames.some((f) => f.event?.startsWith('sidebar_category')));
    mine.close();
    theirs.close();
  });

  it('moves channels between categories, mirroring Favorites in the favorite_channel preference', async () => {
    const custom = (await categories()).categories.find((c) => c.type === 'custom')!;
    events.take();
    const result = (await alice.client.updateChannelCategories(alice.user.id, team.id, [
      { ...(await categories()).categories[0]!, channel_ids: [general.id] },
      { ...custom, channel_ids: [dm.id, random.id] },
    ])) as Category[];
    assert.deepEqual(result.map((c) => [c.id, c.channel_ids]), [
      [idOf('favorites'), [general.id]],
      [custom.id, [dm.id, random.id]],
    ]);
    const all = await categories();
    assert.ok(!byType(all, 'channels').channel_ids.includes(general.id));
    const prefs = (await alice.client.getMyPreferences()) as unknown as Array<{ category: string; name: string; value: string }>;
    assert.ok(prefs.some((p) => p.category === 'favorite_channel' && p.name === general.id && p.value === 'true'));
    const e = events.take();
    const updated = e.find((x) => x.event === 'sidebar_category_updated')!;
    assert.deepEqual(updated.broadcast, { user_id: alice.user.id, team_id: team.id });
    const sent = JSON.parse(String(updated.data.updatedCategories)) as Category[];
    assert.deepEqual(sent.slice(0, 2).map((c) => c.id), [idOf('favorites'), custom.id]);
    assert.ok(sent.some((c) => c.id === idOf('channels')), 'Channels lost a channel, so it is announced too');
    assert.ok(e.some((x) => x.event === 'preferences_changed' && String(x.data.preferences).includes(general.id)));

    // Out of Favorites (listing it nowhere): back to Channels, and the preference goes.
    await alice.client.updateChannelCategories(alice.user.id, team.id, [{ ...byType(all, 'favorites'), channel_ids: [] }]);
    const after = await categories();
    assert.ok(byType(after, 'channels').channel_ids.includes(general.id));
    const prefsAfter = (await alice.client.getMyPreferences()) as unknown as Array<{ category: string; name: string }>;
    assert.ok(!prefsAfter.some((p) => p.category === 'favorite_channel' && p.name === general.id));
    assert.ok(events.take().some((x) => x.event === 'preferences_deleted'));
  });

  it('moves a channel into Favorites when the favorite_channel preference is saved, and out when it is false', async () => {
    events.take();
    await alice.client.savePreferences(alice.user.id, [{ user_id: alice.user.id, category: 'favorite_channel', name: random.id, value: 'true' }]);
    let all = await categories();
    assert.deepEqual(byType(all, 'favorites').channel_ids, [random.id]);
    assert.ok(!byType(all, 'custom').channel_ids.includes(random.id));
    const updated = events.take().find((e) => e.event === 'sidebar_category_updated')!;
    assert.equal(updated.broadcast.team_id, team.id);
    await alice.client.savePreferences(alice.user.id, [{ user_id: alice.user.id, category: 'favorite_channel', name: random.id, value: 'false' }]);
    all = await categories();
    assert.deepEqual(byType(all, 'favorites').channel_ids, []);
    assert.ok(byType(all, 'channels').channel_ids.includes(random.id));
    // A direct message favourited by preference goes to Favorites in every team that has a sidebar.
    await alice.client.savePreferences(alice.user.id, [{ user_id: alice.user.id, category: 'favorite_channel', name: dm.id, value: 'true' }]);
    assert.deepEqual(byType(await categories(), 'favorites').channel_ids, [dm.id]);
    assert.deepEqual(byType(await categories(alice, other.id), 'favorites').channel_ids, [dm.id]);
    await alice.client.deletePreferences(alice.user.id, [{ user_id: alice.user.id, category: 'favorite_channel', name: dm.id, value: 'true' }]);
    assert.deepEqual(byType(await categories(alice, other.id), 'favorites').channel_ids, []);
    assert.deepEqual(byType(await categories(), 'direct_messages').channel_ids, [dm.id]);
  });

  it('updates one category: name (custom only), sorting, collapsed; muting mutes its channels', async () => {
    const all = await categories();
    const custom = byType(all, 'custom');
    await alice.client.updateChannelCategory(alice.user.id, team.id, { ...custom, channel_ids: [secret.id] });
    const renamed = (await alice.client.updateChannelCategory(alice.user.id, team.id, {
      ...custom,
      channel_ids: [secret.id],
      display_name: 'Drift og vedlikehold',
      sorting: 'alpha',
      collapsed: true,
      muted: true,
    } as ChannelCategory)) as Category;
    assert.deepEqual([renamed.display_name, renamed.sorting, renamed.collapsed, renamed.muted, renamed.channel_ids], ['Drift og vedlikehold', 'alpha', true, true, [secret.id]]);
    assert.equal((await alice.client.getMyChannelMember(secret.id)).notify_props.mark_unread, 'mention');
    // Moving a channel out of the muted category unmutes it.
    await alice.client.updateChannelCategories(alice.user.id, team.id, [{ ...renamed, channel_ids: [] }]);
    assert.equal((await alice.client.getMyChannelMember(secret.id)).notify_props.mark_unread, 'all');
    await alice.client.updateChannelCategories(alice.user.id, team.id, [{ ...renamed, channel_ids: [secret.id], muted: false }]);
    assert.equal((await alice.client.getMyChannelMember(secret.id)).notify_props.mark_unread, 'all');

    const favorites = byType(all, 'favorites');
    const kept = (await alice.client.updateChannelCategory(alice.user.id, team.id, { ...favorites, display_name: 'Stjerner', sorting: 'recent' } as ChannelCategory)) as Category;
    assert.deepEqual([kept.display_name, kept.sorting], ['Favorites', 'recent']);
    const dms = byType(all, 'direct_messages');
    const dmsAfter = (await alice.client.updateChannelCategory(alice.user.id, team.id, { ...dms, muted: true, collapsed: true })) as Category;
    assert.deepEqual([dmsAfter.muted, dmsAfter.collapsed], [false, true], 'Direct Messages cannot be muted (Mattermost)');
  });

  it('reorders categories, refusing an order that is not exactly the user\'s categories', async () => {
    const before = await categories();
    const reversed = [...before.order].reverse();
    events.take();
    assert.deepEqual(await alice.client.updateChannelCategoryOrder(alice.user.id, team.id, reversed), reversed);
    assert.deepEqual((await categories()).order, reversed);
    const e = events.take().find((x) => x.event === 'sidebar_category_order_updated')!;
    assert.deepEqual(e, { event: 'sidebar_category_order_updated', data: { order: reversed }, broadcast: { user_id: alice.user.id, team_id: team.id } });
    await expectAppError(alice.client.updateChannelCategoryOrder(alice.user.id, team.id, reversed.slice(1)), 400);
    await expectAppError(alice.client.updateChannelCategoryOrder(alice.user.id, team.id, [...reversed.slice(1), reversed[1]!]), 400);
    await expectAppError(alice.client.updateChannelCategoryOrder(alice.user.id, team.id, [...reversed.slice(1), idOf('favorites', bob)]), 400);
    await expectAppError(alice.client.updateChannelCategoryOrder(alice.user.id, team.id, { not: 'a list' } as never), 400);
    assert.deepEqual((await categories()).order, reversed);
    await alice.client.updateChannelCategoryOrder(alice.user.id, team.id, before.order);
  });

  it('refuses bad categories and channels with clear errors, changing nothing', async () => {
    const before = await categories();
    const custom = byType(before, 'custom');
    const channelsCat = byType(before, 'channels');
    const cases: Array<[string, () => Promise<unknown>, number]> = [
      ['unknown channel', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...custom, channel_ids: ['x'.repeat(26)] }), 400],
      ['channel the user is not in', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...custom, channel_ids: [bobsPrivate.id] }), 400],
      ['channel of another team', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...custom, channel_ids: [elsewhere.id] }), 400],
      ['not an id', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...custom, channel_ids: ['nope'] }), 400],
      ['duplicate channel', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...custom, channel_ids: [general.id, general.id] }), 400],
      ['a direct message in Channels', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...channelsCat, channel_ids: [...channelsCat.channel_ids, dm.id] }), 400],
      ['a channel in Direct Messages', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...byType(before, 'direct_messages'), channel_ids: [general.id] }), 400],
      [
        'one channel in two categories',
        () => alice.client.updateChannelCategories(alice.user.id, team.id, [
          { ...custom, channel_ids: [general.id] },
          { ...byType(before, 'favorites'), channel_ids: [general.id] },
        ]),
        400,
      ],
      ['one category twice', () => alice.client.updateChannelCategories(alice.user.id, team.id, [custom, custom]), 400],
      ['a name too long', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...custom, display_name: 'x'.repeat(65) }), 400],
      ['an empty name', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...custom, display_name: '   ' }), 400],
      ['bad sorting', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...custom, sorting: 'random' } as never), 400],
      ['muted not a boolean', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...custom, muted: 'yes' } as never), 400],
      ['another team in the body', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...custom, team_id: other.id }), 400],
      ['someone else\'s category', () => alice.client.updateChannelCategories(alice.user.id, team.id, [{ ...custom, id: idOf('favorites', bob) }]), 404],
      ['unknown category', () => alice.client.updateChannelCategory(alice.user.id, team.id, { ...custom, id: 'y'.repeat(26) }), 404],
      ['bad category id', () => alice.client.getChannelCategory(alice.user.id, team.id, 'not-a-category'), 400],
      ['create without a name', () => alice.client.createChannelCategory(alice.user.id, team.id, { channel_ids: [] } as never), 400],
      ['create with a channel the user is not in', () => alice.client.createChannelCategory(alice.user.id, team.id, { display_name: 'X', channel_ids: [bobsPrivate.id] } as never), 400],
      ['create with a name too long', () => alice.client.createChannelCategory(alice.user.id, team.id, { display_name: 'x'.repeat(65) } as never), 400],
      ['create for another user in the body', () => alice.client.createChannelCategory(alice.user.id, team.id, { user_id: bob.user.id, display_name: 'X' } as never), 400],
      ['a body that is not a list', () => alice.client.updateChannelCategories(alice.user.id, team.id, custom as never), 400],
    ];
    for (const [what, call, status] of cases) {
      const e = await expectAppError(call(), status).catch((err: Error) => {
        throw new Error(`${what}: ${err.message}`);
      });
      assert.ok(e.message.length > 0, what);
    }
    assert.deepEqual(await categories(), before);
  });

  it('deletes custom categories only; their channels return to Channels and Direct Messages', async () => {
    const created = await alice.client.createChannelCategory(alice.user.id, team.id, { display_name: 'Midlertidig', channel_ids: [general.id, dm.id] } as never);
    events.take();
    await alice.client.deleteChannelCategory(alice.user.id, team.id, created.id);
    const all = await categories();
    assert.ok(!all.order.includes(created.id));
    assert.ok(byType(all, 'channels').channel_ids.includes(general.id));
    assert.ok(byType(all, 'direct_messages').channel_ids.includes(dm.id));
    const e = events.take().find((x) => x.event === 'sidebar_category_deleted')!;
    assert.deepEqual(e, { event: 'sidebar_category_deleted', data: { category_id: created.id }, broadcast: { user_id: alice.user.id, team_id: team.id } });
    await expectAppError(alice.client.deleteChannelCategory(alice.user.id, team.id, created.id), 404);
    for (const type of ['favorites', 'channels', 'direct_messages']) {
      await expectAppError(alice.client.deleteChannelCategory(alice.user.id, team.id, idOf(type)), 400, 'api.channel.delete_channel_category.default.app_error');
    }
    assert.deepEqual((await categories()).order, all.order);
  });

  it('lets only the user themself or a system admin read and change their categories', async () => {
    const cat = byType(await categories(), 'custom');
    await expectAppError(bob.client.getChannelCategories(alice.user.id, team.id), 403);
    await expectAppError(bob.client.getChannelCategoryOrder(alice.user.id, team.id), 403);
    await expectAppError(bob.client.getChannelCategory(alice.user.id, team.id, cat.id), 403);
    await expectAppError(bob.client.updateChannelCategory(alice.user.id, team.id, { ...cat, display_name: 'Hacked' }), 403);
    await expectAppError(bob.client.updateChannelCategories(alice.user.id, team.id, [cat]), 403);
    await expectAppError(bob.client.updateChannelCategoryOrder(alice.user.id, team.id, []), 403);
    await expectAppError(bob.client.createChannelCategory(alice.user.id, team.id, { display_name: 'X' } as never), 403);
    await expectAppError(bob.client.deleteChannelCategory(alice.user.id, team.id, cat.id), 403);
    // Bob cannot reach Alice's category through his own URL either.
    await expectAppError(bob.client.getChannelCategory(bob.user.id, team.id, cat.id), 404);
    await expectAppError(bob.client.deleteChannelCategory(bob.user.id, team.id, cat.id), 404);
    assert.equal(byType(await categories(), 'custom').display_name, cat.display_name);

    const seen = (await admin.client.getChannelCategories(alice.user.id, team.id)) as OrderedChannelCategories;
    assert.ok(seen.order.includes(cat.id));
    await expectAppError(carol.client.getChannelCategories(carol.user.id, team.id), 404, 'app.team.get_member.missing.app_error');
    await expectAppError(alice.client.getChannelCategories(alice.user.id, 'z'.repeat(26)), 404);
    const anonymous = await api(t, null, 'GET', `/users/${alice.user.id}/teams/${team.id}/channels/categories`);
    assert.equal(anonymous.status, 401);
    const me = await api(t, alice, 'GET', `/users/me/teams/${team.id}/channels/categories`);
    assert.equal(me.status, 200);
  });

  it('drops channels the user leaves and starts over when they leave the team', async () => {
    const u = await makeUser(t);
    await alice.client.addToTeam(team.id, u.user.id);
    await alice.client.addToChannel(u.user.id, general.id);
    const created = await u.client.createChannelCategory(u.user.id, team.id, { display_name: 'Mine', channel_ids: [general.id] } as never);
    await u.client.removeFromChannel(u.user.id, general.id);
    let all = await categories(u);
    assert.deepEqual(all.categories.find((c) => c.id === created.id)!.channel_ids, []);
    assert.ok(!byType(all, 'channels').channel_ids.includes(general.id));
    await u.client.removeFromTeam(team.id, u.user.id);
    await expectAppError(u.client.getChannelCategories(u.user.id, team.id), 404);
    await alice.client.addToTeam(team.id, u.user.id);
    all = await categories(u);
    assert.deepEqual(all.order, [idOf('favorites', u), idOf('channels', u), idOf('direct_messages', u)]);
  });

  it('creates the defaults once under concurrent first reads', async () => {
    const u = await makeUser(t);
    await alice.client.addToTeam(team.id, u.user.id);
    const reads = await Promise.all(Array.from({ length: 8 }, () => u.client.getChannelCategories(u.user.id, team.id)));
    for (const r of reads) assert.deepEqual(r.order, [idOf('favorites', u), idOf('channels', u), idOf('direct_messages', u)]);
    const edits = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => u.client.createChannelCategory(u.user.id, team.id, { display_name: `C${i}` } as never)),
    );
    assert.ok(edits.every((e) => e.status === 'fulfilled'), JSON.stringify(edits.filter((e) => e.status === 'rejected')));
    const all = await categories(u);
    assert.equal(all.order.length, 9);
    assert.deepEqual(all.categories.map((c) => c.sort_order), [0, 10, 20, 30, 40, 50, 60, 70, 80]);
  });
});
