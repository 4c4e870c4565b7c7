import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '@mattermost/types/posts';
import { describeEachDatabase, expectAppError, startTestServer, type TestServer, type TestUser } from '../test/server.ts';
import { messagingWorld } from '../test/teams-channels.ts';
import { TestSocket } from '../test/ws.ts';

// POST /caches/invalidate, the System Console's "Purge All Caches": for changes an administrator made in the database
// directly, which the server heard nothing of. Each change below goes through the store, bypassing the events.
describeEachDatabase('purging the caches', (driver) => {
  let t: TestServer;
  let w: Awaited<ReturnType<typeof messagingWorld>>;

  before(async () => {
    t = await startTestServer(driver);
    w = await messagingWorld(t);
  });
  after(() => t.close());

  const messages = async (who: TestUser, channelId: string) => {
    const list = await who.client.getPosts(channelId, 0, 60);
    return list.order.map((id) => list.posts[id]!.message);
  };

  it('is for system admins only, and a refused purge keeps what the server remembers', async () => {
    const { admin, alice, bob, pub } = w;
    const post = await alice.client.createPost({ channel_id: pub.id, message: 'before the fix' } as Post);
    assert.deepEqual(await messages(bob, pub.id), ['before the fix']);
    await t.server.ctx.store.posts.update(post.id, { message: 'fixed in the database', update_at: t.server.ctx.now() + 1000 });

    await expectAppError(bob.client.invalidateCaches(), 403, 'api.context.permissions.app_error');
    assert.deepEqual(await messages(bob, pub.id), ['before the fix'], 'the page is still the cached one');

    assert.deepEqual(await admin.client.invalidateCaches(), { status: 'OK' });
    assert.deepEqual(await messages(bob, pub.id), ['fixed in the database']);
  });

  it("sees roles and memberships changed in the database once purged, and delivers events by the database's members", async () => {
    const { admin, alice, bob, carol, pub, priv } = w;
    // Carol's session, Bob's read of the private channel and its members for delivery are remembered.
    await expectAppError(carol.client.getConfig(), 403);
    await bob.client.getPosts(priv.id, 0, 60);
    const socket = await TestSocket.open(t.url, { token: bob.token });
    try {
      await socket.event('hello');
      const heard = await alice.client.createPost({ channel_id: priv.id, message: 'still heard' } as Post);
      assert.equal(JSON.parse((await socket.event('posted')).data!.post as string).id, heard.id);

      await t.server.ctx.store.users.update(carol.user.id, { roles: 'system_user system_admin' });
      await t.server.ctx.store.channels.removeMember(priv.id, bob.user.id);
      await expectAppError(carol.client.getConfig(), 403);
      assert.deepEqual((await messages(bob, priv.id))[0], 'still heard', 'his read of the channel is remembered');

      await admin.client.invalidateCaches();
      assert.ok((await carol.client.getConfig()).ServiceSettings, 'her session carries the new role');
      await expectAppError(bob.client.getPosts(priv.id, 0, 60), 403);
      // Events are delivered in order: the post in the private channel would arrive before the one in pub.
      await alice.client.createPost({ channel_id: priv.id, message: 'not for bob any more' } as Post);
      const marker = await alice.client.createPost({ channel_id: pub.id, message: 'marker' } as Post);
      assert.equal(JSON.parse((await socket.event('posted')).data!.post as string).id, marker.id);
    } finally {
      socket.close();
      await t.server.ctx.store.users.update(carol.user.id, { roles: 'system_user' });
      await admin.client.invalidateCaches();
    }
    await expectAppError(carol.client.getConfig(), 403);
  });

  it('needs a session', async () => {
    await expectAppError(t.client().invalidateCaches(), 401);
  });
});
