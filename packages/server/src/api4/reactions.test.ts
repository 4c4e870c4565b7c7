import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import { describeEachDatabase, expectAppError, makeUser, startTestServer, type TestServer, type TestUser } from '../test/server.ts';
import { api, makeChannel, makeTeam, recordEvents } from '../test/teams-channels.ts';
import { TestSocket } from '../test/ws.ts';

describeEachDatabase('reactions', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  /** In the team, not in the private channel. */
  let carol: TestUser;
  let pub: Channel;
  let priv: Channel;
  let events: ReturnType<typeof recordEvents>;

  before(async () => {
    t = await startTestServer(driver);
    admin = await makeUser(t, { username: 'admin' });
    alice = await makeUser(t, { username: 'alice' });
    bob = await makeUser(t, { username: 'bob' });
    carol = await makeUser(t, { username: 'carol' });
    const team = await makeTeam(alice);
    await alice.client.addToTeam(team.id, bob.user.id);
    await alice.client.addToTeam(team.id, carol.user.id);
    pub = await makeChannel(alice, team);
    priv = await makeChannel(alice, team, { type: 'P' });
    for (const ch of [pub, priv]) await alice.client.addToChannel(bob.user.id, ch.id);
    events = recordEvents(t);
  });
  after(() => t.close());

  const post = (who: TestUser, channel: Channel, message: string) => who.client.createPost({ channel_id: channel.id, message } as Post);
  const names = (rs: Reaction[]) => rs.map((r) => `${r.user_id === alice.user.id ? 'alice' : 'bob'}:${r.emoji_name}`);

  it('adds reactions once, lists them, and keeps has_reactions right', async () => {
    const p = await post(alice, pub, 'lunsj?');
    const r = await api(t, bob, 'POST', '/reactions', { user_id: bob.user.id, post_id: p.id, emoji_name: '+1' });
    assert.equal(r.status, 200);
    const reaction = r.body as unknown as Reaction & { channel_id: string; delete_at: number };
    assert.deepEqual([reaction.user_id, reaction.post_id, reaction.emoji_name, reaction.channel_id, reaction.delete_at], [bob.user.id, p.id, '+1', pub.id, 0]);
    assert.equal(events.take().filter((e) => e.event === 'reaction_added').length, 1);

    const again = await bob.client.addReaction(bob.user.id, p.id, '+1');
    assert.equal(again.create_at, reaction.create_at, 'reacting twice changes nothing');
    assert.equal(events.take().filter((e) => e.event === 'reaction_added').length, 0);
    await alice.client.addReaction(alice.user.id, p.id, 'white_check_mark');
    await alice.client.addReaction(alice.user.id, p.id, '+1');

    assert.deepEqual(names(await carol.client.getReactionsForPost(p.id)), ['bob:+1', 'alice:white_check_mark', 'alice:+1']);
    const got = (await bob.client.getPost(p.id)) as Post & { has_reactions?: boolean };
    assert.equal(got.has_reactions, true);
    assert.deepEqual(names(got.metadata.reactions!), ['bob:+1', 'alice:white_check_mark', 'alice:+1']);
    assert.ok(got.update_at > p.update_at, 'a reaction touches the post, so "since" sees it');
    assert.ok((await bob.client.getPostsSince(pub.id, p.update_at)).order.includes(p.id));

    await bob.client.removeReaction(bob.user.id, p.id, '+1');
    await alice.client.removeReaction(alice.user.id, p.id, '+1');
    assert.equal(((await bob.client.getPost(p.id)) as Post & { has_reactions?: boolean }).has_reactions, true);
    await alice.client.removeReaction(alice.user.id, p.id, 'white_check_mark');
    const bare = (await bob.client.getPost(p.id)) as Post & { has_reactions?: boolean };
    assert.equal(bare.has_reactions, undefined);
    assert.equal(bare.metadata.reactions, undefined);
    assert.deepEqual(await bob.client.getReactionsForPost(p.id), []);
    assert.equal(events.take().filter((e) => e.event === 'reaction_removed').length, 3);
    await bob.client.removeReaction(bob.user.id, p.id, 'never_added');
    assert.equal(events.take().length, 0, 'removing what is not there is no change');
  });

  it('returns reactions for many posts at once', async () => {
    const a = await post(alice, pub, 'a');
    const b = await post(alice, pub, 'b');
    const hidden = await post(alice, priv, 'hidden');
    await bob.client.addReaction(bob.user.id, a.id, 'smile');
    await bob.client.addReaction(bob.user.id, hidden.id, 'smile');
    const r = await api(t, bob, 'POST', '/posts/ids/reactions', [a.id, b.id]);
    const bulk = r.body as unknown as Record<string, Reaction[]>;
    assert.deepEqual(Object.keys(bulk).sort(), [a.id, b.id].sort());
    assert.deepEqual(names(bulk[a.id]!), ['bob:smile']);
    assert.deepEqual(bulk[b.id], []);
    assert.equal((await api(t, carol, 'POST', '/posts/ids/reactions', [a.id, hidden.id])).status, 403);
    assert.equal((await api(t, carol, 'POST', '/posts/ids/reactions', [])).status, 400);
    const list = await bob.client.getPosts(pub.id, 0, 2);
    assert.deepEqual(names(list.posts[a.id]!.metadata.reactions!), ['bob:smile'], 'post lists carry reactions in metadata');
  });

  it('refuses bad reactions and stores nothing', async () => {
    const p = await post(alice, pub, 'reager');
    await expectAppError(bob.client.addReaction(alice.user.id, p.id, 'smile'), 403, 'api.reaction.save_reaction.user_id.app_error');
    for (const bad of ['', 'has space', 'ø', 'x'.repeat(65), ':smile:']) {
      await expectAppError(bob.client.addReaction(bob.user.id, p.id, bad), 400, 'model.reaction.is_valid.emoji_name.app_error');
    }
    await expectAppError(bob.client.addReaction(bob.user.id, 'n'.repeat(26), 'smile'), 404);
    await expectAppError(bob.client.addReaction(bob.user.id, 'short', 'smile'), 400);
    const raw = await fetch(`${t.url}/api/v4/reactions`, { method: 'POST', headers: { Authorization: `Bearer ${bob.token}` }, body: '{"user_id":' });
    assert.equal(raw.status, 400);
    assert.deepEqual(await bob.client.getReactionsForPost(p.id), []);

    const hidden = await post(alice, priv, 'privat');
    await expectAppError(carol.client.addReaction(carol.user.id, hidden.id, 'smile'), 403);
    await expectAppError(carol.client.getReactionsForPost(hidden.id), 403);
    await expectAppError(carol.client.addReaction(carol.user.id, p.id, 'smile'), 403, 'api.context.permissions.app_error');
    await bob.client.addReaction(bob.user.id, hidden.id, 'smile');
    await expectAppError(alice.client.removeReaction(bob.user.id, hidden.id, 'smile'), 403);
    await admin.client.removeReaction(bob.user.id, hidden.id, 'smile');
    assert.deepEqual(await bob.client.getReactionsForPost(hidden.id), []);
    await expectAppError(bob.client.removeReaction(bob.user.id, hidden.id, 'bad name'), 400);
  });

  it('allows at most 50 different emoji on a post', async () => {
    const p = await post(alice, pub, 'popular');
    for (let i = 0; i < 50; i++) await bob.client.addReaction(bob.user.id, p.id, `emoji_${i}`);
    await expectAppError(alice.client.addReaction(alice.user.id, p.id, 'one_more'), 400, 'app.reaction.save.save.too_many_reactions');
    await alice.client.addReaction(alice.user.id, p.id, 'emoji_7');
    const all = await bob.client.getReactionsForPost(p.id);
    assert.equal(all.length, 51);
    assert.equal(new Set(all.map((r) => r.emoji_name)).size, 50);
  });

  it('refuses reactions in archived channels and on deleted posts', async () => {
    const team = await alice.client.getTeam(pub.team_id);
    const ch = await makeChannel(alice, team);
    const p = await post(alice, ch, 'soon archived');
    await alice.client.addReaction(alice.user.id, p.id, 'wave');
    await alice.client.deleteChannel(ch.id);
    await expectAppError(alice.client.addReaction(alice.user.id, p.id, 'smile'), 403, 'api.reaction.save.archived_channel.app_error');
    await expectAppError(alice.client.removeReaction(alice.user.id, p.id, 'wave'), 403, 'api.reaction.delete.archived_channel.app_error');
    const gone = await post(alice, pub, 'gone');
    await alice.client.deletePost(gone.id);
    await expectAppError(alice.client.addReaction(alice.user.id, gone.id, 'smile'), 404);
  });

  it('tells the channel\'s members, and only them', async () => {
    const p = await post(alice, priv, 'hemmelig');
    const [bS, cS] = await Promise.all([TestSocket.open(t.url, { token: bob.token }), TestSocket.open(t.url, { token: carol.token })]);
    try {
      await Promise.all([bS.event('hello'), cS.event('hello')]);
      await alice.client.addReaction(alice.user.id, p.id, 'eyes');
      const added = await bS.event('reaction_added');
      assert.equal(added.broadcast?.channel_id, priv.id);
      assert.deepEqual(JSON.parse(added.data?.reaction as string).emoji_name, 'eyes');
      await alice.client.removeReaction(alice.user.id, p.id, 'eyes');
      assert.equal(JSON.parse((await bS.event('reaction_removed')).data?.reaction as string).user_id, alice.user.id);
      await t.server.hub.flushed();
      assert.deepEqual(cS.events().filter((f) => f.event?.startsWith('reaction_')), []);
    } finally {
      bS.close();
      cS.close();
    }
  });
});
