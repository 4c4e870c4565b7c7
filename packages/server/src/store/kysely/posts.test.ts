// Store conformance for posts and reactions: the same tests against every dialect.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type KyselyStore } from './store.ts';
import { createPostgresDatabase, DRIVERS } from '../../test/database.ts';
import { newId } from '../../app/ids.ts';
import { newChannelMember, newChannelRecord } from '../../app/channels.ts';
import type { PostRecord } from '../posts.ts';
import { makePostRecord } from '../../test/records.ts';


for (const { driver, skip } of DRIVERS) {
  describe(`Post store conformance [${driver}]`, { skip }, () => {
    let dir: string;
    let drop: () => Promise<void> = async () => undefined;
    let store: KyselyStore;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'prat-posts-'));
      let dataSource = join(dir, 'prat.db');
      if (driver === 'postgres') {
        const pg = await createPostgresDatabase();
        dataSource = pg.url;
        drop = pg.drop;
      }
      store = await openStore({ driver, dataSource });
    });
    after(async () => {
      await store?.close();
      await drop();
      await rm(dir, { recursive: true, force: true });
    });

    const channel = async () => {
      const c = newChannelRecord({ team_id: newId(), type: 'O', name: `c${newId().slice(0, 10)}`, display_name: 'C', creator_id: '' }, 1);
      await store.channels.insert(c);
      return c;
    };

    it('reads back a post exactly, JSON fields and booleans included', async () => {
      const c = await channel();
      const p = makePostRecord(c.id, 1000, { props: { attachments: [{ text: 'x' }] }, file_ids: [newId()], is_pinned: true, has_reactions: true });
      await store.posts.insert(p);
      assert.deepEqual(await store.posts.get(p.id), p);
    });

    it('gives concurrent posts in one channel distinct, increasing create_at times, and counts them all', async () => {
      const c = await channel();
      const now = 5_000;
      const times = await Promise.all(Array.from({ length: 20 }, (_, i) => store.tx((s) => s.posts.bumpChannel(c.id, now, i % 2 === 0))));
      assert.deepEqual([...times].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => now + i));
      const after = (await store.channels.get(c.id))!;
      assert.deepEqual([after.total_msg_count, after.total_msg_count_root, after.last_post_at], [20, 10, now + 19]);
      assert.equal(await store.posts.bumpChannel(c.id, 9_000, false), 9_000, 'a later clock wins');
    });

    it('pages by create_at, roots only when asked, and finds neighbours', async () => {
      const c = await channel();
      const root = makePostRecord(c.id, 10);
      const posts = [root, makePostRecord(c.id, 20, { root_id: root.id }), makePostRecord(c.id, 30), makePostRecord(c.id, 40, { delete_at: 41 }), makePostRecord(c.id, 50)];
      for (const p of posts) await store.posts.insert(p);
      const times = (ps: PostRecord[]) => ps.map((p) => p.create_at);
      assert.deepEqual(times(await store.posts.channelPage({ channelId: c.id, page: 0, perPage: 10, rootsOnly: false })), [50, 30, 20, 10]);
      assert.deepEqual(times(await store.posts.channelPage({ channelId: c.id, page: 0, perPage: 10, rootsOnly: true })), [50, 30, 10]);
      assert.deepEqual(times(await store.posts.channelPage({ channelId: c.id, page: 1, perPage: 2, rootsOnly: false })), [20, 10]);
      assert.deepEqual(times(await store.posts.channelPage({ channelId: c.id, page: 0, perPage: 2, rootsOnly: false, before: 50 })), [30, 20]);
      assert.deepEqual(times(await store.posts.channelPage({ channelId: c.id, page: 0, perPage: 2, rootsOnly: false, after: 10 })), [30, 20]);
      assert.equal((await store.posts.neighbour(c.id, 30, 'newer', false))?.create_at, 50, 'deleted posts are skipped');
      assert.equal((await store.posts.neighbour(c.id, 30, 'older', true))?.create_at, 10);
      assert.equal(await store.posts.neighbour(c.id, 50, 'newer', false), undefined);
      assert.deepEqual(times(await store.posts.changedSince(c.id, 35, false, 10)), [40, 50], 'changes include deletions');
      assert.deepEqual(times(await store.posts.threads(c.id, [root.id], true)), [10, 20]);
      assert.deepEqual(times(await store.posts.threads('x'.repeat(26), [root.id], true)), [], 'threads stay in their channel');
    });

    it('reads a channel for a read check with its posts\' last change', async () => {
      const c = await channel();
      const last = async () => (await store.channels.getWithMemberRoles(c.id, newId(), true))?.lastPostChange;
      assert.deepEqual(await last(), { update_at: 0, count: 0 }, 'no posts yet');
      await store.posts.insert(makePostRecord(c.id, 10));
      await store.posts.insert(makePostRecord(c.id, 20));
      await store.posts.insert(makePostRecord(c.id, 20));
      assert.deepEqual(await last(), { update_at: 20, count: 2 }, 'two changes in one millisecond still differ from one');
      assert.equal((await store.channels.getWithMemberRoles(c.id, newId()))?.lastPostChange, undefined, 'only when asked');
    });

    it('reads a page with the threads around it in one call', async () => {
      const c = await channel();
      const root = makePostRecord(c.id, 10);
      const other = makePostRecord(c.id, 15);
      const posts = [
        root,
        other,
        makePostRecord(c.id, 20, { root_id: root.id }),
        makePostRecord(c.id, 25, { root_id: other.id, delete_at: 26 }),
        makePostRecord(c.id, 30),
        makePostRecord(c.id, 60, { root_id: root.id }),
      ];
      for (const p of posts) await store.posts.insert(p);
      const times = (ps: PostRecord[]) => ps.map((p) => p.create_at);
      const read = async (perPage: number, withReplies: boolean, offset?: number) => {
        const r = await store.posts.pageWithThreads({ channelId: c.id, page: 0, perPage, offset, rootsOnly: false }, withReplies);
        return { page: times(r.page), threads: times(r.threads) };
      };
      assert.deepEqual(await read(2, true), { page: [60, 30], threads: [10, 20] }, 'the root and its other reply, oldest first');
      assert.deepEqual(await read(2, false), { page: [60, 30], threads: [10] }, 'roots only');
      assert.deepEqual(await read(3, true), { page: [60, 30, 20], threads: [10] }, 'posts on the page are not repeated');
      assert.deepEqual(await read(2, true, 3), { page: [15, 10], threads: [] }, 'roots alone name no thread');
      const none = await store.posts.pageWithThreads({ channelId: 'x'.repeat(26), page: 0, perPage: 5, rootsOnly: false }, true);
      assert.deepEqual(none, { page: [], threads: [] });
    });

    it('keeps thread counters: replies added and removed, roots deleted with their replies', async () => {
      const c = await channel();
      const root = makePostRecord(c.id, 100);
      await store.posts.insert(root);
      const replies = [makePostRecord(c.id, 110, { root_id: root.id, file_ids: [newId()] }), makePostRecord(c.id, 120, { root_id: root.id })];
      for (const r of replies) {
        await store.posts.insert(r);
        assert.equal(await store.posts.replyAdded(root.id, r.create_at), true);
      }
      let got = (await store.posts.get(root.id))!;
      assert.deepEqual([got.reply_count, got.last_reply_at, got.update_at], [2, 120, 120]);
      await store.posts.softDelete(replies[1]!, 130, 'someone');
      await store.posts.replyRemoved(root.id, 130);
      got = (await store.posts.get(root.id))!;
      assert.deepEqual([got.reply_count, got.last_reply_at], [1, 110]);
      const deleted = await store.posts.softDelete(got, 140, 'someone');
      assert.deepEqual(new Set(deleted.map((d) => d.id)), new Set([root.id, replies[0]!.id]));
      assert.deepEqual(deleted.find((d) => d.id === replies[0]!.id)?.file_ids, replies[0]!.file_ids);
      assert.equal((await store.posts.get(root.id))!.props.deleteBy, 'someone');
      assert.equal(await store.posts.replyAdded(root.id, 150), false, 'a deleted root takes no replies');
    });

    it('increments mention counts for many members in one statement', async () => {
      const c = await channel();
      const members = Array.from({ length: 12 }, () => newChannelMember(c.id, newId(), 1));
      for (const m of members) await store.channels.insertMember(m);
      const mentioned = members.slice(0, 10).map((m) => m.user_id);
      await store.posts.incrementMentions(c.id, mentioned, true, 2);
      await store.posts.incrementMentions(c.id, mentioned.slice(0, 3), false, 3);
      const counts = (await store.channels.getMembers(c.id, members.map((m) => m.user_id))).map((m) => [m.user_id, m.mention_count, m.mention_count_root] as const);
      const byUser = new Map(counts.map(([u, n, r]) => [u, [n, r]]));
      assert.deepEqual(byUser.get(members[0]!.user_id), [2, 1]);
      assert.deepEqual(byUser.get(members[5]!.user_id), [1, 1]);
      assert.deepEqual(byUser.get(members[11]!.user_id), [0, 0]);
    });

    it('stores a reaction once and lists distinct emoji', async () => {
      const c = await channel();
      const p = makePostRecord(c.id, 1);
      await store.posts.insert(p);
      const r = { user_id: newId(), post_id: p.id, emoji_name: 'tada', channel_id: c.id, create_at: 5, update_at: 5, delete_at: 0, remote_id: '' };
      assert.equal(await store.reactions.insert(r), true);
      assert.equal(await store.reactions.insert({ ...r, create_at: 6 }), false);
      await store.reactions.insert({ ...r, user_id: newId(), create_at: 7 });
      await store.reactions.insert({ ...r, emoji_name: '+1', create_at: 8 });
      assert.deepEqual((await store.reactions.emojiNames(p.id)).sort(), ['+1', 'tada']);
      assert.deepEqual((await store.reactions.forPosts([p.id]))[0], r);
      assert.equal(await store.reactions.remove(p.id, r.user_id, 'tada'), true);
      assert.equal(await store.reactions.remove(p.id, r.user_id, 'tada'), false);
      assert.equal((await store.reactions.forPosts([p.id])).length, 2);
    });
  });
}
