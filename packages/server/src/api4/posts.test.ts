import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '@mattermost/types/channels';
import type { Post, PostList } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { describeEachDatabase, expectAppError, startTestServer, type TestServer, type TestUser } from '../test/server.ts';
import { api, makeChannel, makeTeam, messagingWorld, strictClock, recordEvents } from '../test/teams-channels.ts';
import { TestSocket, type Frame } from '../test/ws.ts';

describeEachDatabase('posts', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  /** Team admin of `team`; creates the channels. */
  let alice: TestUser;
  /** In `team`, `pub` and `priv`. */
  let bob: TestUser;
  /** In `team` only: reads public channels, nothing private. */
  let carol: TestUser;
  /** In no team. */
  let dave: TestUser;
  let team: Team;
  let pub: Channel;
  let priv: Channel;
  let events: ReturnType<typeof recordEvents>;

  before(async () => {
    t = await startTestServer(driver);
    strictClock(t);
    ({ admin, alice, bob, carol, dave, team, pub, priv } = await messagingWorld(t));
    events = recordEvents(t);
  });
  after(() => t.close());

  const post = (who: TestUser, channel: { id: string }, message: string, fields: Partial<Post> = {}) =>
    who.client.createPost({ channel_id: channel.id, message, ...fields } as Post);
  const orderOf = async (who: TestUser, channel: { id: string }) => (await who.client.getPosts(channel.id, 0, 200)).order;
  const unread = async (who: TestUser, channelId: string) => (await api(t, who, 'GET', `/users/me/channels/${channelId}/unread`)).body as Record<string, number>;

  it('creates a post with ids and times from the server, echoing pending_post_id', async () => {
    const before = await alice.client.getChannel(pub.id);
    const r = await api(t, alice, 'POST', '/posts', {
      id: 'x'.repeat(26),
      create_at: 1,
      user_id: bob.user.id,
      channel_id: pub.id,
      message: 'Dugnad på lørdag #dugnad',
      pending_post_id: `${alice.user.id}:1234`,
      props: { from_webhook: 'true', attachments: [] },
    });
    assert.equal(r.status, 201);
    const p = r.body as unknown as Post;
    assert.match(p.id, /^[a-z0-9]{26}$/);
    assert.notEqual(p.id, 'x'.repeat(26));
    assert.ok(p.create_at >= before.create_at && p.create_at === p.update_at);
    assert.deepEqual(
      [p.user_id, p.channel_id, p.root_id, p.message, p.edit_at, p.delete_at, p.pending_post_id, p.hashtags, p.reply_count, p.is_pinned],
      [alice.user.id, pub.id, '', 'Dugnad på lørdag #dugnad', 0, 0, `${alice.user.id}:1234`, '#dugnad', 0, false],
    );
    assert.deepEqual(p.props, { attachments: [] }, 'server-owned props are dropped');
    const after = await alice.client.getChannel(pub.id);
    assert.equal(after.total_msg_count, before.total_msg_count + 1);
    assert.equal(after.last_post_at, p.create_at);
    assert.equal(after.last_root_post_at, p.create_at);
    assert.deepEqual(await bob.client.getPost(p.id), p);
    const quiet = await api(t, alice, 'POST', '/posts?set_online=false', { channel_id: pub.id, message: 'stille' });
    const posted = events.take().find((e) => e.event === 'posted' && JSON.parse(e.data.post as string).id === quiet.body.id);
    assert.equal(posted?.data.set_online, false);
  });

  it('refuses bad input with a clear error and stores nothing', async () => {
    const ch = await makeChannel(alice, team);
    const other = await makeChannel(alice, team);
    const root = await post(alice, ch, 'root');
    const reply = await post(alice, ch, 'reply', { root_id: root.id });
    const elsewhere = await post(alice, other, 'elsewhere');
    const gone = await post(alice, ch, 'gone');
    await alice.client.deletePost(gone.id);
    const order = await orderOf(alice, ch);
    const totals = (await alice.client.getChannel(ch.id)).total_msg_count;

    const longest = await post(alice, ch, '😀'.repeat(16383));
    assert.equal([...longest.message].length, 16383, '16,383 runes fit, however many bytes they take');
    await alice.client.deletePost(longest.id);
    await expectAppError(post(alice, ch, 'a'.repeat(16384)), 400, 'model.post.is_valid.message_length.app_error');
    await expectAppError(post(alice, ch, '😀'.repeat(16384)), 400, 'model.post.is_valid.message_length.app_error');
    await expectAppError(post(alice, ch, 'hi', { root_id: 'n'.repeat(26) }), 400, 'api.post.create_post.root_id.app_error');
    await expectAppError(post(alice, ch, 'hi', { root_id: elsewhere.id }), 400, 'api.post.create_post.channel_root_id.app_error');
    await expectAppError(post(alice, ch, 'hi', { root_id: reply.id }), 400, 'api.post.create_post.root_id.app_error');
    await expectAppError(post(alice, ch, 'hi', { root_id: gone.id }), 400, 'api.post.create_post.root_id.app_error');
    await expectAppError(post(alice, ch, 'hi', { root_id: 'short' }), 400, 'api.context.invalid_param.app_error');
    await expectAppError(post(alice, ch, 'hi', { props: [] as never }), 400, 'model.post.is_valid.props.app_error');
    await expectAppError(post(alice, ch, 'hi', { type: 'system_join_channel' }), 400, 'api.context.invalid_param.app_error');
    await expectAppError(post(alice, ch, 'hi', { type: 'whatever' as never }), 400, 'model.post.is_valid.type.app_error');
    await expectAppError(post(alice, ch, 'hi', { file_ids: Array.from({ length: 11 }, (_, i) => `${i}`.padStart(26, 'f')) }), 400, 'model.post.is_valid.file_ids.app_error');
    await expectAppError(post(alice, ch, 'hi', { file_ids: ['f'.repeat(26)] }), 400, 'api.post.create_post.attach_files.app_error');
    await expectAppError(post(alice, ch, 'hi', { file_ids: ['bad'] }), 400, 'model.post.is_valid.file_ids.app_error');
    await expectAppError(post(alice, { id: 'nope' }, 'hi'), 400, 'api.context.invalid_param.app_error');
    await expectAppError(post(alice, { id: 'n'.repeat(26) }, 'hi'), 404);
    const raw = await fetch(`${t.url}/api/v4/posts`, { method: 'POST', headers: { Authorization: `Bearer ${alice.token}` }, body: `{"channel_id":"${ch.id}","message":` });
    assert.equal(raw.status, 400);
    assert.equal(((await raw.json()) as { id: string }).id, 'api.context.invalid_body_param.app_error');

    assert.deepEqual(await orderOf(alice, ch), order, 'nothing was stored');
    assert.equal((await alice.client.getChannel(ch.id)).total_msg_count, totals + 1, 'only the 16,383-rune post counted');
    assert.equal((await alice.client.getPost(root.id)).reply_count, 1);
  });

  it('attaches the poster\'s uploads to a post, once, and shows them in its metadata', async () => {
    const upload = async (who: TestUser, channelId: string, name: string) => {
      const r = await fetch(`${t.url}/api/v4/files?channel_id=${channelId}&filename=${name}`, { method: 'POST', headers: { Authorization: `Bearer ${who.token}` }, body: `contents of ${name}` });
      assert.equal(r.status, 201);
      return ((await r.json()) as { file_infos: Array<{ id: string }> }).file_infos[0]!.id;
    };
    const a = await upload(bob, pub.id, 'a.txt');
    const b = await upload(bob, pub.id, 'b.txt');
    const alices = await upload(alice, pub.id, 'alice.txt');
    const elsewhere = await upload(bob, priv.id, 'elsewhere.txt');
    const order = await orderOf(bob, pub);
    await expectAppError(post(bob, pub, 'not mine', { file_ids: [a, alices] }), 400, 'api.post.create_post.attach_files.app_error');
    await expectAppError(post(bob, pub, 'wrong channel', { file_ids: [elsewhere] }), 400, 'api.post.create_post.attach_files.app_error');
    assert.deepEqual(await orderOf(bob, pub), order, 'nothing was stored');

    const p = await post(bob, pub, 'vedlegg', { file_ids: [a, b] });
    assert.deepEqual(p.file_ids, [a, b]);
    assert.deepEqual(p.metadata.files?.map((f) => [f.id, f.name, f.post_id]), [[a, 'a.txt', p.id], [b, 'b.txt', p.id]]);
    assert.deepEqual((await carol.client.getPost(p.id)).metadata.files?.map((f) => f.id), [a, b]);
    await expectAppError(post(bob, pub, 'again', { file_ids: [a] }), 400, 'api.post.create_post.attach_files.app_error');

    const c = await upload(bob, pub.id, 'c.txt');
    const edited = await bob.client.patchPost({ id: p.id, file_ids: [b, c] } as Post);
    assert.deepEqual(edited.metadata.files?.map((f) => f.id), [b, c]);
    await bob.client.deletePost(p.id);
    assert.equal((await api(t, bob, 'GET', `/files/${b}/info`)).status, 404, 'deleting the post deletes its files');
  });

  it('lets only members post, and anyone in the team read public channels', async () => {
    const inPub = await post(bob, pub, 'public words');
    const inPriv = await post(bob, priv, 'private words');
    await expectAppError(post(carol, pub, 'not a member'), 403, 'api.context.permissions.app_error');
    await expectAppError(post(carol, priv, 'not a member'), 403);
    await expectAppError(post(dave, pub, 'not in the team'), 403);

    assert.equal((await carol.client.getPost(inPub.id)).message, 'public words');
    assert.ok((await carol.client.getPosts(pub.id)).order.includes(inPub.id));
    await expectAppError(dave.client.getPosts(pub.id), 403);
    await expectAppError(dave.client.getPost(inPub.id), 403);
    await expectAppError(carol.client.getPost(inPriv.id), 403);
    await expectAppError(carol.client.getPosts(priv.id), 403);
    await expectAppError(carol.client.getPostThread(inPriv.id), 403);
    await expectAppError(carol.client.getPinnedPosts(priv.id), 403);
    await expectAppError(carol.client.getPostsSince(priv.id, 1), 403);
    assert.equal((await admin.client.getPost(inPriv.id)).message, 'private words', 'system admins read everything');

    const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    const inDm = await post(alice, dm, 'just us');
    assert.equal((await bob.client.getPost(inDm.id)).message, 'just us');
    await expectAppError(carol.client.getPost(inDm.id), 403);
    await expectAppError(carol.client.getPosts(dm.id), 403);
    await expectAppError(post(carol, dm, 'let me in'), 403);

    const byIds = await carol.client.getPostsByIds([inPub.id, inPriv.id, inDm.id, 'n'.repeat(26)]);
    assert.deepEqual(byIds.map((p) => p.id), [inPub.id], 'posts carol may not read are left out');
    await expectAppError(carol.client.getPostsByIds([]), 400);
  });

  it('refuses posting, editing and deleting in an archived channel', async () => {
    const ch = await makeChannel(alice, team);
    const p = await post(alice, ch, 'before the archive');
    await alice.client.deleteChannel(ch.id);
    await expectAppError(post(alice, ch, 'after'), 400, 'api.post.create_post.can_not_post_to_deleted.error');
    await expectAppError(alice.client.patchPost({ id: p.id, message: 'x' } as Post), 400, 'api.post.update_post.can_not_update_post_in_deleted.error');
    await expectAppError(alice.client.deletePost(p.id), 400, 'api.post.delete_post.can_not_delete_post_in_deleted.error');
    assert.equal((await alice.client.getPost(p.id)).message, 'before the archive', 'archived channels stay readable');
  });

  it('keeps threads: reply_count, last_reply_at, the thread, and deletes that follow the thread', async () => {
    const ch = await makeChannel(alice, team);
    const root = await post(alice, ch, 'root');
    const r1 = await post(alice, ch, 'first reply', { root_id: root.id });
    const r2 = await post(alice, ch, 'second reply', { root_id: root.id });
    const got = await alice.client.getPost(root.id);
    assert.equal(got.reply_count, 2);
    assert.equal(got.last_reply_at, r2.create_at);
    assert.ok(got.update_at >= r2.create_at, 'a reply touches its root');
    const channel = await alice.client.getChannel(ch.id);
    assert.deepEqual([channel.total_msg_count, channel.total_msg_count_root], [3, 1]);
    assert.equal(channel.last_root_post_at, root.create_at);

    const thread = await carol.client.getPostThread(r1.id);
    assert.deepEqual(thread.order, [root.id, r1.id, r2.id], 'a public thread reads for anyone in the team');
    assert.equal(thread.posts[root.id]!.reply_count, 2);
  });

  it('pages a channel newest first with before, after and page, and cursors to the neighbours', async () => {
    const ch = await makeChannel(alice, team);
    const p: Post[] = [];
    for (let i = 1; i <= 7; i++) p.push(await post(alice, ch, `p${i}`));
    const ids = (list: PostList) => list.order.map((id) => list.posts[id]!.message);
    const [p1, , , p4, p5, , p7] = p;

    const first = (await alice.client.getPosts(ch.id, 0, 3)) as PostList & { has_next: boolean };
    assert.deepEqual(ids(first), ['p7', 'p6', 'p5']);
    assert.deepEqual([first.next_post_id, first.prev_post_id, first.has_next, first.first_inaccessible_post_time], ['', p[3]!.id, true, 0]);
    const second = await alice.client.getPosts(ch.id, 1, 3);
    assert.deepEqual(ids(second), ['p4', 'p3', 'p2']);
    assert.deepEqual([second.next_post_id, second.prev_post_id], [p5!.id, p1!.id]);
    const last = (await alice.client.getPosts(ch.id, 2, 3)) as PostList & { has_next: boolean };
    assert.deepEqual(ids(last), ['p1']);
    assert.deepEqual([last.next_post_id, last.prev_post_id, last.has_next], [p[1]!.id, '', false]);

    const beforeP5 = await alice.client.getPostsBefore(ch.id, p5!.id, 0, 2);
    assert.deepEqual(ids(beforeP5), ['p4', 'p3']);
    assert.deepEqual([beforeP5.next_post_id, beforeP5.prev_post_id], [p5!.id, p[1]!.id]);
    const beforeP5Page1 = await alice.client.getPostsBefore(ch.id, p5!.id, 1, 2);
    assert.deepEqual(ids(beforeP5Page1), ['p2', 'p1']);
    assert.deepEqual([beforeP5Page1.next_post_id, beforeP5Page1.prev_post_id], [p[2]!.id, '']);
    const beforeP1 = await alice.client.getPostsBefore(ch.id, p1!.id, 0, 2);
    assert.deepEqual([ids(beforeP1), beforeP1.next_post_id, beforeP1.prev_post_id], [[], p1!.id, '']);

    const afterP2 = (await alice.client.getPostsAfter(ch.id, p[1]!.id, 0, 2)) as PostList & { has_next: boolean };
    assert.deepEqual(ids(afterP2), ['p4', 'p3']);
    assert.deepEqual([afterP2.prev_post_id, afterP2.next_post_id, afterP2.has_next], [p[1]!.id, p5!.id, true]);
    const afterP5 = (await alice.client.getPostsAfter(ch.id, p5!.id, 0, 5)) as PostList & { has_next: boolean };
    assert.deepEqual(ids(afterP5), ['p7', 'p6']);
    assert.deepEqual([afterP5.prev_post_id, afterP5.next_post_id, afterP5.has_next], [p5!.id, '', false]);

    // A deleted post drops out of pages but still marks a place, and "since" reports it as deleted.
    await alice.client.deletePost(p4!.id);
    await alice.client.patchPost({ id: p1!.id, message: 'p1, edited' } as Post);
    assert.deepEqual(ids(await alice.client.getPosts(ch.id, 0, 3)), ['p7', 'p6', 'p5']);
    assert.deepEqual(ids(await alice.client.getPostsBefore(ch.id, p4!.id, 0, 5)), ['p3', 'p2', 'p1, edited']);
    const since = await alice.client.getPostsSince(ch.id, p7!.update_at);
    assert.deepEqual(new Set(since.order), new Set([p4!.id, p1!.id]));
    assert.ok(since.posts[p4!.id]!.delete_at > 0);
    assert.equal(since.posts[p4!.id]!.message, '', 'a deleted post keeps no text');
    assert.equal(since.posts[p1!.id]!.message, 'p1, edited');
    assert.deepEqual([since.next_post_id, since.prev_post_id], ['', '']);
    // since takes precedence over after, after over before.
    const both = await api(t, alice, 'GET', `/channels/${ch.id}/posts?since=${p7!.update_at}&after=${p5!.id}&before=${p7!.id}`);
    assert.deepEqual(new Set((both.body as unknown as PostList).order), new Set([p4!.id, p1!.id]));
    const afterWins = await api(t, alice, 'GET', `/channels/${ch.id}/posts?after=${p5!.id}&before=${p[2]!.id}`);
    assert.deepEqual((afterWins.body as unknown as PostList).order, [p7!.id, p[5]!.id]);
    assert.equal((await api(t, alice, 'GET', `/channels/${ch.id}/posts?before=nope`)).status, 400);
    assert.equal((await api(t, alice, 'GET', `/channels/${ch.id}/posts?since=abc`)).status, 400);
    assert.deepEqual((await alice.client.getPostsBefore(ch.id, pub.id, 0, 5)).order, [], 'a cursor from another channel finds nothing');
  });

  it('adds the threads of replies on a page, as Mattermost does when threads are not collapsed', async () => {
    const ch = await makeChannel(alice, team);
    const a = await post(alice, ch, 'A');
    const r0 = await post(alice, ch, 'R0', { root_id: a.id });
    await post(alice, ch, 'B');
    const c = await post(alice, ch, 'C');
    const r1 = await post(alice, ch, 'R1', { root_id: a.id });
    const d = await post(alice, ch, 'D');

    const full = await alice.client.getPosts(ch.id, 0, 2);
    assert.deepEqual(full.order, [d.id, r1.id]);
    assert.deepEqual(new Set(Object.keys(full.posts)), new Set([d.id, r1.id, a.id, r0.id]));
    const rootsOnly = await alice.client.getPosts(ch.id, 0, 2, false);
    assert.deepEqual(new Set(Object.keys(rootsOnly.posts)), new Set([d.id, r1.id, a.id]));
    assert.equal(rootsOnly.posts[a.id]!.reply_count, 2);
    const collapsed = await alice.client.getPosts(ch.id, 0, 2, true, true);
    assert.deepEqual(collapsed.order, [d.id, c.id]);
    assert.deepEqual(Object.keys(collapsed.posts).sort(), [c.id, d.id].sort());
    assert.equal(collapsed.next_post_id, '');

    const thread = (await bob.client.getPostThread(r1.id)) as PostList & { has_next: boolean };
    assert.deepEqual(thread.order, [a.id, r0.id, r1.id], 'the root first, then the replies oldest first');
    assert.equal(thread.has_next, false);
    const paged = (await bob.client.getPaginatedPostThread(a.id, { perPage: 1, direction: 'down' } as never)) as PostList & { has_next: boolean };
    assert.deepEqual([paged.order, paged.has_next], [[a.id, r0.id], true]);
    const rest = (await bob.client.getPaginatedPostThread(a.id, { perPage: 1, direction: 'down', fromPost: r0.id, fromCreateAt: r0.create_at } as never)) as PostList & {
      has_next: boolean;
    };
    assert.deepEqual([rest.order, rest.has_next], [[a.id, r1.id], false]);
  });

  it('counts replies down when they are deleted, and deletes a thread with its root', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    const root = await post(alice, ch, 'root');
    const r1 = await post(bob, ch, 'r1', { root_id: root.id });
    const r2 = await post(alice, ch, 'r2', { root_id: root.id });
    await bob.client.deletePost(r1.id);
    let got = await alice.client.getPost(root.id);
    assert.deepEqual([got.reply_count, got.last_reply_at], [1, r2.create_at]);
    await alice.client.deletePost(r2.id);
    got = await alice.client.getPost(root.id);
    assert.deepEqual([got.reply_count, got.last_reply_at], [0, 0]);

    const r3 = await post(bob, ch, 'r3', { root_id: root.id });
    await alice.client.deletePost(root.id);
    await expectAppError(alice.client.getPost(root.id), 404, 'app.post.get.app_error');
    await expectAppError(alice.client.getPost(r3.id), 404);
    await expectAppError(alice.client.getPostThread(r3.id), 404);
    await expectAppError(post(bob, ch, 'late', { root_id: root.id }), 400, 'api.post.create_post.root_id.app_error');
    assert.deepEqual(await orderOf(alice, ch), []);
    const deleted = await admin.client.getPost(root.id, true);
    assert.ok(deleted.delete_at > 0, 'system admins can still see it with include_deleted');
    await expectAppError(alice.client.getPost(root.id, true), 404);
    await expectAppError(alice.client.deletePost(root.id), 404);
  });

  it('edits posts: edit_at, PUT and patch, and only with the permission', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    const mine = await post(bob, ch, 'first try', { props: { card: 'x' } });
    events.take();
    const patched = await bob.client.patchPost({ id: mine.id, message: 'second try' } as Post);
    assert.equal(patched.message, 'second try');
    assert.ok(patched.edit_at > 0 && patched.update_at === patched.edit_at);
    assert.deepEqual(patched.props, { card: 'x' }, 'a patch leaves out what it does not name');
    const edited = events.take().filter((e) => e.event === 'post_edited');
    assert.equal(edited.length, 1);
    assert.equal(edited[0]!.broadcast.channel_id, ch.id);
    assert.equal(JSON.parse(edited[0]!.data.post as string).message, 'second try');

    const pinned = await bob.client.patchPost({ id: mine.id, is_pinned: true } as Post);
    assert.deepEqual([pinned.is_pinned, pinned.edit_at], [true, patched.edit_at], 'pinning is not an edit of the message');
    const put = await bob.client.updatePost({ ...pinned, message: 'third try', props: { card: 'y', deleteBy: 'me' } });
    assert.deepEqual([put.message, put.props], ['third try', { card: 'y' }]);
    assert.equal((await api(t, bob, 'PUT', `/posts/${mine.id}`, { id: pub.id, message: 'x' })).status, 400);
    await expectAppError(bob.client.patchPost({ id: mine.id, message: 'x'.repeat(16384) } as Post), 400, 'model.post.is_valid.message_length.app_error');

    const hers = await post(alice, ch, 'alice wrote this');
    await expectAppError(bob.client.patchPost({ id: hers.id, message: 'bob was here' } as Post), 403, 'api.context.permissions.app_error');
    await expectAppError(bob.client.updatePost({ ...hers, message: 'bob was here' }), 403);
    await expectAppError(alice.client.patchPost({ id: mine.id, message: 'team admins do not edit others' } as Post), 403);
    await expectAppError(carol.client.patchPost({ id: hers.id, message: 'x' } as Post), 403);
    assert.equal((await admin.client.patchPost({ id: mine.id, message: 'the system admin may' } as Post)).message, 'the system admin may');
    assert.equal((await alice.client.getPost(hers.id)).message, 'alice wrote this');
    await expectAppError(bob.client.patchPost({ id: 'n'.repeat(26), message: 'x' } as Post), 404);
  });

  it('refuses message edits after PostEditTimeLimit', async () => {
    const p = await post(bob, pub, 'quick');
    await admin.client.patchConfig({ ServiceSettings: { PostEditTimeLimit: 60 } } as never);
    const now = t.server.ctx.now;
    t.server.ctx.now = () => now() + 120_000;
    try {
      await expectAppError(bob.client.patchPost({ id: p.id, message: 'too late' } as Post), 400, 'api.post.update_post.permissions_time_limit.app_error');
      assert.equal((await bob.client.patchPost({ id: p.id, is_pinned: true } as Post)).is_pinned, true, 'other changes still go through');
    } finally {
      t.server.ctx.now = now;
      await admin.client.patchConfig({ ServiceSettings: { PostEditTimeLimit: -1 } } as never);
    }
    assert.equal((await bob.client.patchPost({ id: p.id, message: 'in time' } as Post)).message, 'in time');
  });

  it('deletes own posts; team and channel admins delete others\'', async () => {
    const ch = await makeChannel(bob, team);
    await bob.client.addToChannel(carol.user.id, ch.id);
    events.take();
    const byCarol = await post(carol, ch, 'carol');
    const byBob = await post(bob, ch, 'bob');
    const byBob2 = await post(bob, ch, 'bob again');
    await expectAppError(carol.client.deletePost(byBob.id), 403, 'api.context.permissions.app_error');
    await bob.client.deletePost(byCarol.id); // bob created the channel: its admin
    await alice.client.deletePost(byBob.id); // alice is team admin
    await carol.client.createPost({ channel_id: ch.id, message: 'mine' } as Post).then((p) => carol.client.deletePost(p.id));
    await admin.client.deletePost(byBob2.id);
    assert.deepEqual(await orderOf(bob, ch), []);
    const deleted = events.take().filter((e) => e.event === 'post_deleted' && e.broadcast.channel_id === ch.id);
    assert.equal(deleted.length, 4);
    const json = JSON.parse(deleted[0]!.data.post as string) as Post;
    assert.deepEqual([json.id, json.message, json.delete_at > 0], [byCarol.id, '', true]);
  });

  it('pins and unpins, and lists pinned posts', async () => {
    const a = await post(bob, pub, 'pin me');
    const b = await post(bob, pub, 'pin me too');
    await bob.client.pinPost(a.id);
    await alice.client.pinPost(b.id);
    let pinned = await carol.client.getPinnedPosts(pub.id);
    assert.deepEqual(pinned.order.slice(0, 2), [b.id, a.id]);
    assert.equal(pinned.posts[a.id]!.is_pinned, true);
    await bob.client.unpinPost(b.id);
    pinned = await bob.client.getPinnedPosts(pub.id);
    assert.ok(pinned.order.includes(a.id) && !pinned.order.includes(b.id));
    await expectAppError(carol.client.pinPost(a.id), 403, 'api.context.permissions.app_error');
    assert.equal((await bob.client.getPost(a.id)).edit_at, 0);
    assert.equal((await bob.client.getChannelStats(pub.id)).pinnedpost_count, pinned.order.length);
  });

  it('loads the posts around the first unread one', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    const read: Post[] = [];
    for (let i = 1; i <= 5; i++) read.push(await post(alice, ch, `read ${i}`));
    const fresh = await bob.client.getPostsUnread(ch.id, bob.user.id, 2, 2);
    assert.deepEqual(fresh.order, [read[4]!.id, read[3]!.id], 'never viewed: the newest limit_before posts');
    await bob.client.viewMyChannel(ch.id);
    const unreadPosts: Post[] = [];
    for (let i = 1; i <= 3; i++) unreadPosts.push(await post(alice, ch, `unread ${i}`));
    const around = await bob.client.getPostsUnread(ch.id, bob.user.id, 2, 1);
    assert.deepEqual(around.order, [unreadPosts[1]!.id, unreadPosts[0]!.id, read[4]!.id]);
    assert.deepEqual([around.next_post_id, around.prev_post_id], [unreadPosts[2]!.id, read[3]!.id]);
    await bob.client.viewMyChannel(ch.id);
    const allRead = await bob.client.getPostsUnread(ch.id, bob.user.id, 2, 2);
    assert.deepEqual(allRead.order, [unreadPosts[2]!.id, unreadPosts[1]!.id], 'nothing unread: the newest posts');
    assert.equal((await api(t, bob, 'GET', `/users/me/channels/${ch.id}/posts/unread?limit_after=0`)).status, 400);
    await expectAppError(bob.client.getPostsUnread(ch.id, alice.user.id), 403);
    await expectAppError(carol.client.getPostsUnread(ch.id, carol.user.id), 404);
  });

  it('counts mentions and unread messages as members see them', async () => {
    const other = await makeTeam(alice);
    await alice.client.addToTeam(other.id, bob.user.id);
    await alice.client.addToTeam(other.id, carol.user.id);
    const ch = await makeChannel(alice, other);
    await alice.client.addToChannel(bob.user.id, ch.id);
    await alice.client.addToChannel(carol.user.id, ch.id);
    const teamUnread = async (who: TestUser) => (await api(t, who, 'GET', `/users/me/teams/${other.id}/unread`)).body as Record<string, number>;

    const root = await post(alice, ch, 'hei @bob, se på dette');
    let u = await unread(bob, ch.id);
    assert.deepEqual([u.mention_count, u.mention_count_root, u.msg_count, u.msg_count_root], [1, 1, 1, 1]);
    assert.deepEqual([(await teamUnread(bob)).mention_count, (await teamUnread(bob)).msg_count], [1, 1]);
    const allTeams = (await api(t, bob, 'GET', '/users/me/teams/unread')).body as unknown as Array<{ team_id: string; mention_count: number }>;
    assert.equal(allTeams.find((x) => x.team_id === other.id)?.mention_count, 1);
    assert.deepEqual([(await unread(carol, ch.id)).mention_count, (await unread(carol, ch.id)).msg_count], [0, 1]);
    u = await unread(alice, ch.id);
    assert.deepEqual([u.mention_count, u.msg_count], [0, 0], 'posting reads the channel');

    await post(alice, ch, '@bob svar i tråden', { root_id: root.id });
    u = await unread(bob, ch.id);
    assert.deepEqual([u.mention_count, u.mention_count_root, u.msg_count, u.msg_count_root], [2, 1, 2, 1]);
    await post(alice, ch, 'ikke til `@bob` men til ```\n@bob\n``` og bob@example.com');
    assert.equal((await unread(bob, ch.id)).mention_count, 2, 'code and e-mail addresses mention nobody');

    await bob.client.viewMyChannel(ch.id);
    u = await unread(bob, ch.id);
    assert.deepEqual([u.mention_count, u.msg_count], [0, 0]);
    assert.deepEqual([(await teamUnread(bob)).mention_count, (await teamUnread(bob)).msg_count], [0, 0]);

    await bob.client.updateChannelNotifyProps({ channel_id: ch.id, user_id: bob.user.id, ignore_channel_mentions: 'on' } as never);
    await post(alice, ch, '@channel møte kl 18');
    assert.equal((await unread(bob, ch.id)).mention_count, 0, 'bob ignores channel-wide mentions here');
    assert.equal((await unread(carol, ch.id)).mention_count, 1);
    await post(alice, ch, '@all ta med kaffe');
    assert.equal((await unread(carol, ch.id)).mention_count, 2);
    await bob.client.updateChannelNotifyProps({ channel_id: ch.id, user_id: bob.user.id, ignore_channel_mentions: 'default' } as never);

    const socket = await TestSocket.open(t.url, { token: bob.token });
    try {
      await socket.event('hello');
      await post(alice, ch, '@here hvem er på?');
      assert.equal((await unread(bob, ch.id)).mention_count, 1, 'bob is online');
      assert.equal((await unread(carol, ch.id)).mention_count, 2, 'carol is not');
    } finally {
      socket.close();
    }

    const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    const dmBefore = (await unread(bob, dm.id)).mention_count;
    await post(alice, dm, 'hei');
    await post(alice, dm, 'er du der?');
    assert.equal((await unread(bob, dm.id)).mention_count, dmBefore + 2, 'every direct message counts as a mention');
    assert.equal((await unread(alice, dm.id)).mention_count, 0);
  });

  it('does not count @channel in channels above TeamSettings.MaxNotificationsPerChannel', async () => {
    const ch = await makeChannel(alice, team);
    await alice.client.addToChannel(bob.user.id, ch.id);
    await alice.client.addToChannel(carol.user.id, ch.id);
    await admin.client.patchConfig({ TeamSettings: { MaxNotificationsPerChannel: 2 } } as never);
    try {
      await post(alice, ch, '@channel alle sammen, og @carol');
    } finally {
      await admin.client.patchConfig({ TeamSettings: { MaxNotificationsPerChannel: 1000 } } as never);
    }
    assert.equal((await unread(bob, ch.id)).mention_count, 0);
    assert.equal((await unread(carol, ch.id)).mention_count, 1, 'a direct mention still counts');
  });

  it('delivers posts and their changes to the channel\'s members and no one else', async () => {
    const ch = await makeChannel(alice, team, { type: 'P' });
    await alice.client.addToChannel(bob.user.id, ch.id);
    const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
    const sockets = await Promise.all([alice, bob, carol].map((u) => TestSocket.open(t.url, { token: u.token })));
    const [aS, bS, cS] = sockets as [TestSocket, TestSocket, TestSocket];
    const about = (channelId: string) => (f: Frame) => f.broadcast?.channel_id === channelId;
    try {
      await Promise.all(sockets.map((s) => s.event('hello')));
      const p = await post(alice, ch, 'hemmelig, @bob');
      for (const s of [aS, bS]) {
        const f = await s.next((x) => x.event === 'posted' && about(ch.id)(x));
        const data = f.data as Record<string, string | boolean>;
        assert.equal((JSON.parse(data.post as string) as Post).id, p.id);
        assert.deepEqual(JSON.parse(data.mentions as string), [bob.user.id]);
        assert.deepEqual(
          [data.channel_display_name, data.channel_name, data.channel_type, data.sender_name, data.team_id, data.set_online],
          [ch.display_name, ch.name, 'P', '@alice', team.id, true],
        );
      }
      const viewed = await aS.event('channel_viewed');
      assert.deepEqual(viewed.data, { channel_id: ch.id });

      await alice.client.patchPost({ id: p.id, message: 'endret' } as Post);
      assert.equal(JSON.parse((await bS.event('post_edited')).data?.post as string).message, 'endret');
      await bob.client.addReaction(bob.user.id, p.id, 'tada');
      assert.equal(JSON.parse((await aS.event('reaction_added')).data?.reaction as string).emoji_name, 'tada');
      await alice.client.deletePost(p.id);
      assert.equal(JSON.parse((await bS.event('post_deleted')).data?.post as string).id, p.id);

      const inDm = await alice.client.createPost({ channel_id: dm.id, message: 'bare oss', pending_post_id: 'x' } as Post);
      const dmFrame = await bS.next((x) => x.event === 'posted' && about(dm.id)(x));
      assert.deepEqual([dmFrame.data?.channel_type, dmFrame.data?.channel_display_name, dmFrame.data?.team_id], ['D', '@alice', '']);
      assert.deepEqual(JSON.parse(dmFrame.data?.mentions as string), [bob.user.id]);
      assert.equal(JSON.parse(dmFrame.data?.post as string).id, inDm.id);
      const noMentions = await alice.client.createPost({ channel_id: ch.id, message: 'ingen nevnt' } as Post);
      assert.equal((await bS.next((x) => x.event === 'posted' && JSON.parse(x.data?.post as string).id === noMentions.id)).data?.mentions, undefined);

      await alice.client.removeFromChannel(bob.user.id, ch.id);
      await bS.next((x) => x.event === 'user_removed' && x.data?.channel_id === ch.id);
      const afterRemoval = await post(alice, ch, 'etter at bob gikk');
      await aS.next((x) => x.event === 'posted' && JSON.parse(x.data?.post as string).id === afterRemoval.id);
      await t.server.hub.flushed();
      const seen = (s: TestSocket, channelId: string) => s.events().filter((f) => about(channelId)(f) && f.event !== 'user_removed');
      assert.deepEqual(seen(cS, ch.id), [], 'carol is not in the private channel');
      assert.deepEqual(seen(cS, dm.id), [], 'nor in the direct message');
      assert.ok(!bS.events().some((f) => f.event === 'posted' && JSON.parse(f.data?.post as string).id === afterRemoval.id), 'bob left before this one');
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it('needs a session for every post route', async () => {
    for (const [method, path] of [
      ['POST', '/posts'],
      ['GET', `/channels/${pub.id}/posts`],
      ['GET', `/posts/${pub.id}`],
      ['POST', '/posts/ids'],
    ] as const) {
      assert.equal((await api(t, null, method, path)).status, 401, path);
    }
  });
});
