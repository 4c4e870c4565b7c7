import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { describeEachDatabase, expectAppError, makeUser, startTestServer, type TestServer, type TestUser } from '../test/server.ts';
import { api, makeChannel, makeTeam, messagingWorld, strictClock } from '../test/teams-channels.ts';
import { TestSocket } from '../test/ws.ts';

// Mark as unread, saved (flagged) posts, edit history and the post ETags.

describeEachDatabase('posts: unread, saved, edit history, etags', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  /** Team admin of `team`; creates the channels. */
  let alice: TestUser;
  /** In `team`, `pub` and `priv`. */
  let bob: TestUser;
  /** In `team` only. */
  let carol: TestUser;
  /** In no team. */
  let dave: TestUser;
  let team: Team;
  let pub: Channel;
  let priv: Channel;

  before(async () => {
    t = await startTestServer(driver);
    strictClock(t);
    ({ admin, alice, bob, carol, dave, team, pub, priv } = await messagingWorld(t));
  });
  after(() => t.close());

  const post = (who: TestUser, channel: { id: string }, message: string, fields: Partial<Post> = {}) =>
    who.client.createPost({ channel_id: channel.id, message, ...fields } as Post);
  const unread = async (who: TestUser, channelId: string) => (await api(t, who, 'GET', `/users/me/channels/${channelId}/unread`)).body as Record<string, number>;
  const member = (who: TestUser, channelId: string) => t.server.ctx.store.channels.getMember(channelId, who.user.id);
  const raw = (who: TestUser | null, path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/v4${path}`, { headers: { ...(who ? { Authorization: `Bearer ${who.token}` } : {}), ...headers } });

  it('marks a channel unread from a post: counts, mentions, the event, and the first unread post', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    const p1 = await post(alice, ch, 'first');
    const p2 = await post(bob, ch, '@alice look at this');
    const p3 = await post(alice, ch, 'my own, never a mention of me: @alice');
    const p4 = await post(bob, ch, 'reply for @alice', { root_id: p2.id });
    const p5 = await post(bob, ch, 'plain');
    await alice.client.viewMyChannel(ch.id);
    assert.equal((await unread(alice, ch.id)).msg_count, 0);
    const totals = await alice.client.getChannel(ch.id);

    const socket = await TestSocket.open(t.url, { token: alice.token });
    const bobSocket = await TestSocket.open(t.url, { token: bob.token });
    try {
      await socket.event('hello');
      await bobSocket.event('hello');
      const state = await alice.client.markPostAsUnread(alice.user.id, p2.id);
      assert.deepEqual(state, {
        team_id: team.id,
        user_id: alice.user.id,
        channel_id: ch.id,
        msg_count: totals.total_msg_count - 4,
        msg_count_root: totals.total_msg_count_root - 3,
        mention_count: 2,
        mention_count_root: 1,
        urgent_mention_count: 0,
        last_viewed_at: p2.create_at - 1,
      } as unknown as typeof state);
      const ev = await socket.event('post_unread');
      assert.deepEqual(ev.data, {
        msg_count: state.msg_count,
        msg_count_root: state.msg_count_root,
        mention_count: 2,
        mention_count_root: 1,
        urgent_mention_count: 0,
        last_viewed_at: p2.create_at - 1,
        post_id: p2.id,
      });
      assert.deepEqual(ev.broadcast, { omit_users: null, user_id: alice.user.id, channel_id: ch.id, team_id: team.id });
      // Bob's own activity marks nothing for him: a ping round trip shows no post_unread reached him.
      await bobSocket.reply(bobSocket.send('ping'));
      assert.equal(bobSocket.events().some((e) => e.event === 'post_unread'), false);
    } finally {
      socket.close();
      bobSocket.close();
    }
    const u = await unread(alice, ch.id);
    assert.deepEqual([u.msg_count, u.msg_count_root, u.mention_count, u.mention_count_root, u.last_viewed_at], [4, 3, 2, 1, p2.create_at - 1]);
    const around = (await api(t, alice, 'GET', `/users/me/channels/${ch.id}/posts/unread?limit_before=1&limit_after=2`)).body as unknown as { order: string[] };
    assert.deepEqual(around.order, [p3.id, p2.id, p1.id], 'the first unread post is the one marked');

    // Deleted posts are not unread; the own post is read but counted as a message.
    await bob.client.deletePost(p5.id);
    const again = await alice.client.markPostAsUnread('me', p2.id);
    assert.equal(again.msg_count, totals.total_msg_count - 3);
    assert.equal((await unread(alice, ch.id)).msg_count, 3);
    // From the newest post: one unread, no mention.
    const latest = await alice.client.markPostAsUnread(alice.user.id, p4.id);
    assert.deepEqual([latest.mention_count, latest.mention_count_root], [1, 0]);
    assert.equal((await unread(alice, ch.id)).msg_count, 1);
  });

  it('counts every message from the other side of a direct message as a mention', async () => {
    const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    const d1 = await post(bob, dm, 'hei');
    await post(alice, dm, 'hei selv');
    await post(bob, dm, 'kaffe?');
    await alice.client.viewMyChannel(dm.id);
    const state = await alice.client.markPostAsUnread(alice.user.id, d1.id);
    assert.equal(state.team_id, '');
    assert.equal(state.mention_count, 2);
    assert.equal((await unread(alice, dm.id)).msg_count, 3);
  });

  it('refuses to mark unread for others, outside the channel and for bad ids, changing nothing', async () => {
    const secret = await post(alice, priv, 'admis only');
    const open = await post(alice, pub, 'in the open');
    const gone = await post(bob, priv, 'soon gone');
    await bob.client.deletePost(gone.id);
    await bob.client.viewMyChannel(priv.id);
    const before = await member(bob, priv.id);
    await expectAppError(carol.client.markPostAsUnread(bob.user.id, secret.id), 403, 'api.context.permissions.app_error');
    await expectAppError(carol.client.markPostAsUnread(carol.user.id, secret.id), 403, 'api.context.permissions.app_error');
    await expectAppError(bob.client.markPostAsUnread(bob.user.id, 'n'.repeat(26)), 403, 'api.context.permissions.app_error');
    await expectAppError(bob.client.markPostAsUnread(bob.user.id, 'short'), 400, 'api.context.invalid_param.app_error');
    await expectAppError(bob.client.markPostAsUnread('short', secret.id), 400, 'api.context.invalid_param.app_error');
    await expectAppError(bob.client.markPostAsUnread(bob.user.id, gone.id), 403);
    // A system admin may act for a user, but only on a channel the user is in.
    await expectAppError(admin.client.markPostAsUnread(dave.user.id, open.id), 404, 'app.channel.get_member.missing.app_error');
    assert.deepEqual(await member(bob, priv.id), before, 'nothing changed');
    const byAdmin = await admin.client.markPostAsUnread(bob.user.id, secret.id);
    assert.equal(byAdmin.last_viewed_at, secret.create_at - 1);
  });

  it('lists saved (flagged) posts newest first, only live ones in channels the user is still in', async () => {
    const other = await makeTeam(alice, { name: 'annet' });
    const otherCh = await makeChannel(alice, other);
    const dm = await alice.client.createDirectChannel([alice.user.id, carol.user.id]);
    const a = await post(alice, pub, 'saved in pub');
    const b = await post(bob, priv, 'saved in priv');
    const c = await post(alice, otherCh, 'saved in another team');
    const d = await post(carol, dm, 'saved in a direct message');
    const e = await post(alice, pub, 'saved, then deleted');
    const never = await post(alice, pub, 'not saved');
    const flag = (who: TestUser, ids: string[]) =>
      who.client.savePreferences(who.user.id, ids.map((id) => ({ user_id: who.user.id, category: 'flagged_post', name: id, value: 'true' })));
    await flag(alice, [a.id, b.id, c.id, d.id, e.id]);
    await flag(bob, [b.id]);
    await alice.client.deletePost(e.id);

    const all = await alice.client.getFlaggedPosts(alice.user.id);
    assert.deepEqual(all.order, [d.id, c.id, b.id, a.id]);
    assert.deepEqual(Object.keys(all.posts).sort(), [a.id, b.id, c.id, d.id].sort());
    assert.equal(all.posts[a.id]!.message, 'saved in pub');
    assert.ok(!(never.id in all.posts));
    assert.deepEqual((await alice.client.getFlaggedPosts(alice.user.id, pub.id)).order, [a.id]);
    assert.deepEqual((await alice.client.getFlaggedPosts(alice.user.id, '', team.id)).order, [d.id, b.id, a.id], 'the team and direct messages');
    assert.deepEqual((await alice.client.getFlaggedPosts(alice.user.id, '', other.id)).order, [d.id, c.id]);
    assert.deepEqual((await alice.client.getFlaggedPosts(alice.user.id, pub.id, other.id)).order, [a.id], 'channel_id wins');
    assert.deepEqual((await alice.client.getFlaggedPosts(alice.user.id, '', '', 1, 2)).order, [b.id, a.id]);
    assert.deepEqual((await alice.client.getFlaggedPosts('me' as string, '', '', 2, 2)).order, []);
    assert.deepEqual((await admin.client.getFlaggedPosts(bob.user.id)).order, [b.id], 'a system admin may look');

    await expectAppError(bob.client.getFlaggedPosts(alice.user.id), 403, 'api.context.permissions.app_error');
    await expectAppError(alice.client.getFlaggedPosts(alice.user.id, 'bad'), 400, 'api.context.invalid_param.app_error');
    await expectAppError(alice.client.getFlaggedPosts(alice.user.id, '', 'bad'), 400, 'api.context.invalid_param.app_error');

    // Leaving a private channel takes its saved posts out of the list.
    await alice.client.removeFromChannel(bob.user.id, priv.id);
    assert.deepEqual((await bob.client.getFlaggedPosts(bob.user.id)).order, []);
    await alice.client.addToChannel(bob.user.id, priv.id);
    assert.deepEqual((await bob.client.getFlaggedPosts(bob.user.id)).order, [b.id]);
  });

  it('keeps earlier versions of an edited message for its author, and nowhere else', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    const root = await post(bob, ch, 'version one zebra');
    const reply = await post(alice, ch, 'a reply', { root_id: root.id });
    const totals = await alice.client.getChannel(ch.id);
    await expectAppError(bob.client.getPostEditHistory(root.id), 404, 'app.post.get.app_error');

    const v2 = await bob.client.patchPost({ id: root.id, message: 'version two yak' } as Post);
    await bob.client.patchPost({ id: root.id, is_pinned: true } as Post);
    await bob.client.patchPost({ id: root.id, props: { card: 'x' } } as unknown as Post);
    const v3 = await bob.client.updatePost({ ...v2, is_pinned: true, message: 'version three' });
    const history = await bob.client.getPostEditHistory(root.id);
    assert.deepEqual(history.map((p) => p.message), ['version two yak', 'version one zebra'], 'only message edits make versions, newest first');
    for (const h of history) {
      assert.notEqual(h.id, root.id);
      assert.equal(h.original_id, root.id);
      assert.equal(h.user_id, bob.user.id);
      assert.equal(h.channel_id, ch.id);
      assert.equal(h.create_at, root.create_at);
      assert.ok(h.delete_at > 0);
    }
    assert.equal(history[0]!.edit_at, v2.edit_at);
    assert.equal(history[1]!.edit_at, 0);

    // Only the author, and only while the post lives.
    await expectAppError(alice.client.getPostEditHistory(root.id), 403, 'api.context.permissions.app_error');
    await expectAppError(admin.client.getPostEditHistory(root.id), 403);
    await expectAppError(carol.client.getPostEditHistory(root.id), 403);
    await expectAppError(bob.client.getPostEditHistory('n'.repeat(26)), 403);
    await expectAppError(bob.client.getPostEditHistory('bad'), 400, 'api.context.invalid_param.app_error');

    // The versions never show up: lists, since, threads, pinned, by id, search, counts.
    const page = await alice.client.getPosts(ch.id, 0, 200);
    assert.deepEqual(page.order, [reply.id, root.id]);
    assert.deepEqual(Object.keys(page.posts).sort(), [reply.id, root.id].sort());
    const since = await alice.client.getPostsSince(ch.id, root.create_at - 1);
    assert.deepEqual(Object.keys(since.posts).sort(), [reply.id, root.id].sort());
    const thread = await alice.client.getPostThread(root.id);
    assert.deepEqual(Object.keys(thread.posts).sort(), [reply.id, root.id].sort());
    assert.equal(thread.posts[root.id]!.reply_count, 1);
    assert.deepEqual((await alice.client.getPinnedPosts(ch.id)).order, [root.id]);
    assert.deepEqual((await alice.client.getPostsByIds(history.map((h) => h.id))).length, 0);
    await expectAppError(alice.client.getPost(history[0]!.id), 404);
    const found = (terms: string) => alice.client.searchPostsWithParams(team.id, { terms, is_or_search: false } as never).then((r) => r.order);
    assert.deepEqual(await found('zebra'), []);
    assert.deepEqual(await found('yak'), []);
    assert.deepEqual(await found('three'), [v3.id]);
    const after = await alice.client.getChannel(ch.id);
    assert.equal(after.total_msg_count, totals.total_msg_count);
    assert.equal((await unread(alice, ch.id)).msg_count, 0);

    // A refused edit keeps no version.
    await expectAppError(alice.client.patchPost({ id: root.id, message: 'not mine' } as Post), 403);
    assert.equal((await bob.client.getPostEditHistory(root.id)).length, 2);
    await bob.client.deletePost(root.id);
    await expectAppError(bob.client.getPostEditHistory(root.id), 403);
  });

  it('restores an earlier version of a message for its author, keeping the replaced one in the history', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    const root = await post(bob, ch, 'first wording');
    await bob.client.patchPost({ id: root.id, message: 'second wording' } as Post);
    const [older] = await bob.client.getPostEditHistory(root.id);
    assert.equal(older!.message, 'first wording');
    const other = await post(bob, ch, 'another post');
    await bob.client.patchPost({ id: other.id, message: 'another post, edited' } as Post);
    const [otherVersion] = await bob.client.getPostEditHistory(other.id);

    // Not a version of this post; not the caller's; not an id.
    await expectAppError(bob.client.restorePostVersion(root.id, otherVersion!.id, ''), 400, 'app.post.restore_post_version.not_an_history_item.app_error');
    await expectAppError(bob.client.restorePostVersion(root.id, root.id, ''), 400);
    await expectAppError(alice.client.restorePostVersion(root.id, older!.id, ''), 403);
    await expectAppError(carol.client.restorePostVersion(root.id, older!.id, ''), 403);
    await expectAppError(bob.client.restorePostVersion(root.id, 'bad', ''), 400, 'api.context.invalid_param.app_error');
    assert.equal((await bob.client.getPost(root.id)).message, 'second wording', 'a refused restore changes nothing');

    const socket = await TestSocket.open(t.url, { token: alice.token });
    try {
      await socket.event('hello');
      const restored = (await bob.client.restorePostVersion(root.id, older!.id, '')).data;
      assert.equal(restored.id, root.id);
      assert.equal(restored.message, 'first wording');
      assert.ok(restored.edit_at > 0);
      const edited = await socket.event('post_edited');
      assert.equal((JSON.parse(edited.data!.post as string) as Post).message, 'first wording', 'readers see it live');
    } finally {
      socket.close();
    }
    assert.equal((await alice.client.getPost(root.id)).message, 'first wording');
    assert.deepEqual((await bob.client.getPostEditHistory(root.id)).map((p) => p.message), ['second wording', 'first wording']);
  });

  it('restores the attachments an earlier version had; a file taken off a post goes back to that post only', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    const upload = async (name: string) => {
      const r = await fetch(`${t.url}/api/v4/files?channel_id=${ch.id}&filename=${name}`, { method: 'POST', headers: { Authorization: `Bearer ${bob.token}` }, body: `contents of ${name}` });
      assert.equal(r.status, 201);
      return ((await r.json()) as { file_infos: Array<{ id: string }> }).file_infos[0]!.id;
    };
    const a = await upload('a.txt');
    const b = await upload('b.txt');
    const root = await post(bob, ch, 'with a', { file_ids: [a] });
    await bob.client.patchPost({ id: root.id, message: 'with b instead', file_ids: [b] } as Post);
    assert.deepEqual((await alice.client.getPost(root.id)).metadata.files?.map((f) => f.name), ['b.txt']);
    // The file the edit took off is gone for readers, and still belongs to that post: no other post may take it.
    const fileStatus = async (id: string) => {
      const r = await raw(alice, `/files/${id}/info`);
      await r.arrayBuffer();
      return r.status;
    };
    assert.equal(await fileStatus(a), 404, 'a.txt can no longer be fetched');
    const found = async (name: string) => (await alice.client.searchFiles(team.id, name, false)).order.length;
    assert.equal(await found('a.txt'), 0, 'not found by file search');
    await expectAppError(post(bob, ch, 'taking a', { file_ids: [a] }), 400, 'api.post.create_post.attach_files.app_error');

    const [older] = await bob.client.getPostEditHistory(root.id);
    const restored = (await bob.client.restorePostVersion(root.id, older!.id, '')).data;
    assert.equal(restored.message, 'with a');
    assert.deepEqual(restored.file_ids, [a]);
    const seen = await alice.client.getPost(root.id);
    assert.deepEqual(seen.metadata.files?.map((f) => [f.name, f.post_id]), [['a.txt', root.id]], 'readers see the restored attachment');
    assert.deepEqual((await alice.client.getPosts(ch.id, 0, 60)).posts[root.id]!.metadata.files?.map((f) => f.name), ['a.txt'], 'in the channel page too');
    assert.equal(await found('a.txt'), 1, 'found again');
    assert.equal(await found('b.txt'), 0, 'and b.txt, taken off by the restore, is gone');
    assert.deepEqual([await fileStatus(a), await fileStatus(b)], [200, 404]);
    // And the version that held b.txt can bring it back in turn.
    const [latest] = await bob.client.getPostEditHistory(root.id);
    assert.equal(latest!.message, 'with b instead');
    assert.deepEqual((await bob.client.restorePostVersion(root.id, latest!.id, '')).data.file_ids, [b]);
  });

  it('answers channel posts with an ETag and 304 until any post in the channel changes', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    const first = await post(alice, ch, 'etag one');
    const path = `/channels/${ch.id}/posts?page=0&per_page=60`;
    let etag = '';
    const expectChanged = async (what: string) => {
      const r = await raw(alice, path, { 'If-None-Match': etag });
      assert.equal(r.status, 200, `${what} changes the ETag`);
      const next = r.headers.get('etag');
      assert.ok(next && next !== etag, what);
      await r.arrayBuffer();
      etag = next;
      const same = await raw(alice, path, { 'If-None-Match': etag });
      assert.equal(same.status, 304, `after ${what}, the same ETag is not modified`);
      assert.equal(same.headers.get('etag'), etag);
      assert.equal(await same.text(), '');
    };
    await expectChanged('the first read');
    // Another reader with the same tag also gets 304: the list is the same for everyone who may read it.
    assert.equal((await raw(bob, path, { 'If-None-Match': etag })).status, 304);
    assert.equal((await raw(bob, path, { 'If-None-Match': `"${etag}"` })).status, 304, 'a quoted tag matches too');
    const p = await post(bob, ch, 'etag two');
    await expectChanged('a new post');
    await bob.client.patchPost({ id: p.id, message: 'etag two, edited' } as Post);
    await expectChanged('an edit');
    await alice.client.addReaction(alice.user.id, first.id, 'tada');
    await expectChanged('a reaction');
    await alice.client.removeReaction(alice.user.id, first.id, 'tada');
    await expectChanged('removing a reaction');
    await alice.client.pinPost(first.id);
    await expectChanged('a pin');
    await alice.client.unpinPost(first.id);
    await expectChanged('an unpin');
    await post(alice, ch, 'a reply', { root_id: first.id });
    await expectChanged('a reply');
    await bob.client.deletePost(p.id);
    await expectChanged('a delete');
    // Other channels do not touch it.
    await post(alice, pub, 'elsewhere');
    assert.equal((await raw(alice, path, { 'If-None-Match': etag })).status, 304);
    // The tag never bypasses the permission check; since requests carry no tag.
    const r = await raw(carol, `/channels/${priv.id}/posts`, { 'If-None-Match': etag });
    assert.equal(r.status, 403);
    const since = await raw(alice, `/channels/${ch.id}/posts?since=1`, { 'If-None-Match': etag });
    assert.equal(since.status, 200);
    assert.equal(since.headers.get('etag'), null);
    await since.arrayBuffer();
  });

  it('serves a channel page shared by its readers, never stale after any change, and never past the permission check', async () => {
    const ch = await makeChannel(alice, team, { type: 'P' });
    await alice.client.addToChannel(bob.user.id, ch.id);
    const first = await post(alice, ch, 'shared page one');
    const page = (who: TestUser) => who.client.getPosts(ch.id, 0, 60);
    const messages = async (who: TestUser) => {
      const list = await page(who);
      return list.order.map((id) => list.posts[id]!.message);
    };
    const a = await page(alice);
    assert.deepEqual(await page(bob), a, 'every reader gets the same page');
    assert.deepEqual(await page(bob), a, 'and again');

    const second = await post(bob, ch, 'shared page two');
    assert.deepEqual(await messages(alice), ['shared page two', 'shared page one']);
    await post(alice, ch, 'a reply', { root_id: first.id });
    const withReply = await page(bob);
    assert.equal(withReply.posts[first.id]!.reply_count, 1, "the root's reply count moves");
    await bob.client.patchPost({ id: second.id, message: 'shared page two, edited' } as Post);
    assert.deepEqual((await messages(alice)).slice(1), ['shared page two, edited', 'shared page one']);
    await alice.client.addReaction(alice.user.id, first.id, 'tada');
    assert.deepEqual((await page(bob)).posts[first.id]!.metadata?.reactions?.map((r) => r.emoji_name), ['tada']);
    await alice.client.removeReaction(alice.user.id, first.id, 'tada');
    assert.equal((await page(bob)).posts[first.id]!.metadata?.reactions, undefined);
    await alice.client.pinPost(first.id);
    assert.equal((await page(bob)).posts[first.id]!.is_pinned, true);
    await bob.client.deletePost(second.id);
    assert.deepEqual(await messages(alice), ['a reply', 'shared page one']);

    // Every change above went through the server and its events. One that reached the database some other way is
    // not seen while the page is cached, and at once with ServiceSettings.SessionCacheInMinutes 0 (caches off).
    await page(bob);
    await t.server.ctx.store.posts.update(first.id, { message: 'changed behind the events', update_at: t.server.ctx.now() + 1000 });
    assert.ok(!(await messages(bob)).includes('changed behind the events'), 'the cached page');
    await admin.client.patchConfig({ ServiceSettings: { SessionCacheInMinutes: 0 } } as never);
    try {
      assert.ok((await messages(bob)).includes('changed behind the events'));
    } finally {
      await admin.client.patchConfig({ ServiceSettings: { SessionCacheInMinutes: 10 } } as never);
    }

    // Outside the private channel, a cached page is still refused.
    await expectAppError(carol.client.getPosts(ch.id, 0, 60), 403);
    await expectAppError(dave.client.getPosts(ch.id, 0, 60), 403);
  });

  it('refuses a read the moment access goes, though the same read passed a moment before', async () => {
    // Each reader reads a channel's page, pinned posts and a thread (allowed, and remembered), loses access, and is
    // refused the same reads at once.
    const reads = (who: TestUser, channelId: string, rootId: string) => [
      () => who.client.getPosts(channelId, 0, 60),
      () => who.client.getPinnedPosts(channelId),
      () => who.client.getPostThread(rootId),
    ];
    const readable = async (who: TestUser, channelId: string, rootId: string, what: string) => {
      for (const read of reads(who, channelId, rootId)) await read().catch((err: Error) => assert.fail(`${what}: ${err.message}`));
    };
    const refused = async (who: TestUser, channelId: string, rootId: string, what: string) => {
      for (const read of reads(who, channelId, rootId)) await expectAppError(read(), 403).catch((err: Error) => assert.fail(`${what}: ${err.message}`));
    };

    // Removed from a private channel.
    const closed = await makeChannel(alice, team, { type: 'P' });
    await alice.client.addToChannel(bob.user.id, closed.id);
    const inClosed = await post(alice, closed, 'private root');
    await readable(bob, closed.id, inClosed.id, 'a member');
    await alice.client.removeFromChannel(bob.user.id, closed.id);
    await refused(bob, closed.id, inClosed.id, 'removed from the channel');

    // A public channel made private: team members outside it lose it.
    const open = await makeChannel(alice, team);
    const inOpen = await post(alice, open, 'public root');
    await readable(carol, open.id, inOpen.id, 'a public channel of her team');
    await alice.client.updateChannelPrivacy(open.id, 'P');
    await refused(carol, open.id, inOpen.id, 'channel made private');

    // Removed from the team: its public channels go with it.
    const other = await makeTeam(alice);
    await alice.client.addToTeam(other.id, carol.user.id);
    const town = await makeChannel(alice, other);
    const inTown = await post(alice, town, 'team root');
    await readable(carol, town.id, inTown.id, 'a public channel of her other team');
    await alice.client.removeFromTeam(other.id, carol.user.id);
    await refused(carol, town.id, inTown.id, 'removed from the team');

    // A system admin reads any channel; demoted, not any more.
    const deputy = await makeUser(t);
    await admin.client.updateUserRoles(deputy.user.id, 'system_user system_admin');
    const inPriv = await post(alice, priv, 'admins only');
    await readable(deputy, priv.id, inPriv.id, 'a system admin');
    await admin.client.updateUserRoles(deputy.user.id, 'system_user');
    await refused(deputy, priv.id, inPriv.id, 'demoted');
  });

  it('answers threads and users with an ETag and 304 while they are unchanged', async () => {
    const root = await post(alice, pub, 'thread etag');
    const tag = async (who: TestUser, path: string, etag = '') => {
      const r = await raw(who, path, etag ? { 'If-None-Match': etag } : {});
      await r.arrayBuffer();
      return { status: r.status, etag: r.headers.get('etag') ?? '' };
    };
    const t1 = await tag(bob, `/posts/${root.id}/thread`);
    assert.equal(t1.status, 200);
    assert.equal((await tag(bob, `/posts/${root.id}/thread`, t1.etag)).status, 304);
    await post(bob, pub, 'a reply', { root_id: root.id });
    const t2 = await tag(bob, `/posts/${root.id}/thread`, t1.etag);
    assert.equal(t2.status, 200);
    assert.notEqual(t2.etag, t1.etag);
    await bob.client.addReaction(bob.user.id, root.id, 'eyes');
    assert.equal((await tag(bob, `/posts/${root.id}/thread`, t2.etag)).status, 200);
    assert.equal((await tag(dave, `/posts/${root.id}/thread`, t2.etag)).status, 403);

    const u1 = await tag(bob, `/users/${carol.user.id}`);
    assert.equal(u1.status, 200);
    assert.ok(u1.etag);
    assert.equal((await tag(bob, `/users/${carol.user.id}`, u1.etag)).status, 304);
    // What the caller sees is part of the tag: carol sees her own e-mail address.
    assert.equal((await tag(carol, `/users/${carol.user.id}`, u1.etag)).status, 200);
    await carol.client.patchMe({ nickname: 'caro' });
    assert.equal((await tag(bob, `/users/${carol.user.id}`, u1.etag)).status, 200);
  });
});
