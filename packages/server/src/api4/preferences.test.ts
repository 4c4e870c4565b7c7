import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, expectAppError, makeUser, startTestServer, type TestServer, type TestUser } from '../test/server.ts';
import { serverSeesOffline, TestSocket } from '../test/ws.ts';
import type { PreferenceType } from '@mattermost/types/preferences';

// Client4 types getMyPreferences as one preference; the server (like Mattermost) returns a list.
const myPreferences = async (u: TestUser) => (await u.client.getMyPreferences()) as unknown as PreferenceType[];

describeEachDatabase('preferences and status', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;

  before(async () => {
    t = await startTestServer(driver);
    admin = await makeUser(t);
    alice = await makeUser(t);
    bob = await makeUser(t);
  });
  after(() => t.close());

  it('saves, lists, replaces and deletes preferences, telling the user\'s sockets', async () => {
    const s = await TestSocket.open(t.url, { token: alice.token });
    await s.event('hello');
    const uid = alice.user.id;
    await alice.client.savePreferences(uid, [
      { user_id: uid, category: 'favorite_channel', name: 'a'.repeat(26), value: 'true' },
      { user_id: uid, category: 'display_settings', name: 'use_military_time', value: 'true' },
    ]);
    const changed = await s.event('preferences_changed');
    assert.equal(JSON.parse(String(changed.data!.preferences)).length, 2);
    await alice.client.savePreferences(uid, [{ user_id: uid, category: 'display_settings', name: 'use_military_time', value: 'false' }]);
    const all = await myPreferences(alice);
    assert.deepEqual(
      all.map((p) => [p.category, p.name, p.value]),
      [['display_settings', 'use_military_time', 'false'], ['favorite_channel', 'a'.repeat(26), 'true']],
    );
    await alice.client.deletePreferences(uid, [{ user_id: uid, category: 'favorite_channel', name: 'a'.repeat(26), value: '' }]);
    await s.event('preferences_deleted');
    assert.equal((await myPreferences(alice)).length, 1);
    s.close();
  });

  it('refuses preferences for someone else and malformed ones, writing nothing', async () => {
    const uid = alice.user.id;
    await expectAppError(bob.client.savePreferences(uid, [{ user_id: uid, category: 'x', name: 'y', value: 'z' }]), 403);
    await expectAppError(alice.client.savePreferences(uid, [{ user_id: bob.user.id, category: 'x', name: 'y', value: 'z' }]), 400);
    await expectAppError(alice.client.savePreferences(uid, [{ user_id: uid, category: 'x'.repeat(33), name: 'y', value: 'z' }]), 400);
    await expectAppError(alice.client.savePreferences(uid, [{ user_id: uid, category: 'x', name: 'y', value: 'z'.repeat(2001) }]), 400);
    await expectAppError(alice.client.savePreferences(uid, { not: 'a list' } as never), 400);
    assert.ok(!(await myPreferences(alice)).some((p) => p.category === 'x'));
    assert.deepEqual(await myPreferences(bob), []);
  });

  it('is online while connected and offline after; the change reaches the user\'s own sockets only', async () => {
    const watcher = await TestSocket.open(t.url, { token: admin.token });
    await watcher.event('hello');
    assert.equal((await admin.client.getStatus(bob.user.id)).status, 'offline');
    const s = await TestSocket.open(t.url, { token: bob.token });
    await s.event('hello');
    const own = await s.next((f) => f.event === 'status_change' && f.data!.user_id === bob.user.id);
    assert.equal(own.data!.status, 'online');
    assert.equal((await admin.client.getStatusesByIds([bob.user.id]))[0]!.status, 'online');
    const offline = serverSeesOffline(t.server, bob.user.id);
    s.close();
    await s.closed;
    await offline;
    await t.server.hub.flushed();
    assert.equal((await admin.client.getStatus(bob.user.id)).status, 'offline');
    assert.ok(!watcher.events().some((f) => f.event === 'status_change' && f.data!.user_id === bob.user.id));
    watcher.close();
  });

  it('keeps a status set by hand (dnd) across reconnects until the user sets online', async () => {
    const s = await TestSocket.open(t.url, { token: bob.token });
    await s.event('hello');
    await bob.client.updateStatus({ user_id: bob.user.id, status: 'dnd' } as never);
    assert.equal((await alice.client.getStatus(bob.user.id)).status, 'dnd');
    const offline = serverSeesOffline(t.server, bob.user.id);
    s.close();
    await s.closed;
    await offline;
    await t.server.hub.flushed();
    assert.equal((await alice.client.getStatus(bob.user.id)).status, 'dnd');
    await bob.client.updateStatus({ user_id: bob.user.id, status: 'online' } as never);
    assert.equal((await alice.client.getStatus(bob.user.id)).status, 'offline', 'online by hand with no connection shows offline');
    await expectAppError(alice.client.updateStatus({ user_id: bob.user.id, status: 'away' } as never), 403);
    await expectAppError(bob.client.updateStatus({ user_id: bob.user.id, status: 'sleeping' } as never), 400);
  });

  it('closes the sockets of a session that logs out, and of a revoked access token', async () => {
    const u = await makeUser(t);
    const s = await TestSocket.open(t.url, { token: u.token });
    await s.event('hello');
    await u.client.logout();
    assert.equal((await s.closed).code, 4003);

    await admin.client.updateUserRoles(u.user.id, 'system_user system_user_access_token');
    const c = t.client();
    await c.login(u.user.username, u.password);
    const pat = await c.createUserAccessToken(u.user.id, 'socket test');
    const ps = await TestSocket.open(t.url, { token: pat.token });
    await ps.event('hello');
    await c.revokeUserAccessToken(pat.id);
    assert.equal((await ps.closed).code, 4003);
  });

  it('announces config changes to every client with the public client config', async () => {
    const s = await TestSocket.open(t.url, { token: bob.token });
    await s.event('hello');
    await admin.client.patchConfig({ TeamSettings: { SiteName: 'Fribyte chat' } } as never);
    const e = await s.event('config_changed');
    const config = e.data!.config as Record<string, string>;
    assert.equal(config.SiteName, 'Fribyte chat');
    assert.ok(!JSON.stringify(config).includes('DataSource'));
    s.close();
  });
});
