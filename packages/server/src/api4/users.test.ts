import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, expectAppError, makeUser, startTestServer, uniqueName, type TestServer, type TestUser } from '../test/server.ts';

describeEachDatabase('users and authentication', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  let alice: TestUser;

  before(async () => {
    t = await startTestServer(driver);
    admin = await makeUser(t, { username: 'admin' });
    alice = await makeUser(t, { username: 'alice', first_name: 'Alice', last_name: 'Liddell' });
  });
  after(() => t.close());

  it('makes the first user a system admin and later ones plain users', () => {
    assert.equal(admin.user.roles, 'system_admin system_user');
    assert.equal(alice.user.roles, 'system_user');
    assert.equal(alice.user.password, '');
  });

  it('logs in by username or email and returns the token header', async () => {
    const c = t.client();
    const byEmail = await c.login('alice@example.com', alice.password);
    assert.equal(byEmail.id, alice.user.id);
    assert.ok(c.getToken().length === 26);
    const me = await c.getMe();
    assert.equal(me.username, 'alice');
  });

  it('rejects a wrong password with 401 and a blank one with 400', async () => {
    await expectAppError(t.client().login('alice', 'wrong-password'), 401, 'api.user.login.invalid_credentials_email_username');
    await expectAppError(t.client().login('alice', ''), 400);
  });

  it('ends the session on logout', async () => {
    const u = await makeUser(t);
    await u.client.logout();
    const c = t.client();
    c.setToken(u.token);
    await expectAppError(c.getMe(), 401, 'api.context.session_expired.app_error');
  });

  it('sets cookies only for XMLHttpRequest logins and requires CSRF for cookie writes', async () => {
    const plain = await fetch(`${t.url}/api/v4/users/login`, { method: 'POST', body: JSON.stringify({ login_id: 'alice', password: alice.password }) });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.getSetCookie().length, 0);
    const xhr = await fetch(`${t.url}/api/v4/users/login`, {
      method: 'POST',
      headers: { 'X-Requested-With': 'XMLHttpRequest', 'Content-Type': 'application/json' },
      body: JSON.stringify({ login_id: 'alice', password: alice.password }),
    });
    const cookies = Object.fromEntries(xhr.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]));
    assert.ok(cookies.MMAUTHTOKEN && cookies.MMUSERID === alice.user.id && cookies.MMCSRF);
    const cookie = `MMAUTHTOKEN=${cookies.MMAUTHTOKEN}`;
    const read = await fetch(`${t.url}/api/v4/users/me`, { headers: { cookie } });
    assert.equal(read.status, 200);
    const patch = (headers: Record<string, string>) =>
      fetch(`${t.url}/api/v4/users/me/patch`, { method: 'PUT', headers: { cookie, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ nickname: 'al' }) });
    assert.equal((await patch({})).status, 401);
    assert.equal((await patch({ 'X-CSRF-Token': 'wrong' })).status, 401);
    assert.equal((await patch({ 'X-CSRF-Token': cookies.MMCSRF! })).status, 200);
  });

  it('accepts the token as Bearer, Token and access_token, and sends the version headers', async () => {
    for (const headers of [{ Authorization: `Bearer ${alice.token}` }, { Authorization: `Token ${alice.token}` }, { Authorization: `BEARER ${alice.token}` }]) {
      const r = await fetch(`${t.url}/api/v4/users/me`, { headers });
      assert.equal(r.status, 200);
    }
    const q = await fetch(`${t.url}/api/v4/users/me?access_token=${alice.token}`);
    assert.equal(q.status, 200);
    assert.equal(q.headers.get('content-type'), 'application/json');
    assert.match(q.headers.get('x-version-id') ?? '', /^\d+\.\d+\.\d+\.[^.]+\.[^.]+\.false$/);
    assert.match(q.headers.get('x-request-id') ?? '', /^[a-z0-9]{26}$/);
  });

  it('gets users by id, username, ids and usernames', async () => {
    const c = alice.client;
    assert.equal((await c.getUser(admin.user.id)).username, 'admin');
    assert.equal((await c.getUserByUsername('admin')).id, admin.user.id);
    const byIds = await c.getProfilesByIds([admin.user.id, alice.user.id]);
    assert.deepEqual(byIds.map((u) => u.username).sort(), ['admin', 'alice']);
    const byNames = await c.getProfilesByUsernames(['admin', 'nobody']);
    assert.deepEqual(byNames.map((u) => u.id), [admin.user.id]);
    await expectAppError(c.getUser('notanid'), 400, 'api.context.invalid_param.app_error');
    await expectAppError(c.getUser('a'.repeat(26)), 404);
    await expectAppError(c.getUserByUsername('nobody'), 404);
  });

  it('pages the user list and caps per_page at 200', async () => {
    const first = await admin.client.getProfiles(0, 1);
    const second = await admin.client.getProfiles(1, 1);
    assert.equal(first.length, 1);
    assert.equal(second.length, 1);
    assert.notEqual(first[0]!.id, second[0]!.id);
    const capped = await fetch(`${t.url}/api/v4/users?per_page=100000`, { headers: { Authorization: `Bearer ${admin.token}` } });
    assert.equal(capped.status, 200);
  });

  it('autocompletes and searches by prefix of username or name', async () => {
    const ac = await alice.client.autocompleteUsers('ali', '', '');
    assert.ok(ac.users.some((u) => u.id === alice.user.id));
    const found = await alice.client.searchUsers('liddell', {});
    assert.deepEqual(found.map((u) => u.username), ['alice']);
    const none = await alice.client.searchUsers('%', {});
    assert.deepEqual(none, []);
  });

  it('lets a user patch themself but not someone else', async () => {
    const patched = await alice.client.patchMe({ nickname: 'Al', position: 'Driftsansvarlig' });
    assert.equal(patched.nickname, 'Al');
    assert.equal(patched.position, 'Driftsansvarlig');
    await expectAppError(alice.client.patchUser({ id: admin.user.id, nickname: 'hacked' }), 403);
    assert.equal((await admin.client.getMe()).nickname, '');
    await expectAppError(alice.client.patchMe({ username: 'admin' }), 400, 'app.user.save.username_exists.app_error');
    await expectAppError(alice.client.patchMe({ nickname: 'x'.repeat(65) }), 400);
  });

  it('changes a password only with the current one, and the new one works', async () => {
    const u = await makeUser(t);
    await expectAppError(u.client.updateUserPassword(u.user.id, 'wrong', 'Another-pass-1'), 400, 'api.user.update_password.incorrect.app_error');
    await expectAppError(u.client.updateUserPassword(u.user.id, u.password, 'short'), 400, 'model.user.is_valid.pwd.app_error');
    await u.client.updateUserPassword(u.user.id, u.password, 'Another-pass-1');
    await t.client().login(u.user.username, 'Another-pass-1');
    await expectAppError(t.client().login(u.user.username, u.password), 401);
  });

  it('lets only admins change roles and reactivate; deactivation ends sessions', async () => {
    const u = await makeUser(t);
    await expectAppError(alice.client.updateUserRoles(u.user.id, 'system_user system_admin'), 403);
    await expectAppError(admin.client.updateUserRoles(u.user.id, 'system_user superhero'), 400);
    await admin.client.updateUserRoles(u.user.id, 'system_user system_user_access_token');
    assert.equal((await admin.client.getUser(u.user.id)).roles, 'system_user system_user_access_token');
    await expectAppError(alice.client.updateUserActive(u.user.id, false), 403);
    await admin.client.updateUserActive(u.user.id, false);
    await expectAppError(u.client.getMe(), 401);
    await expectAppError(t.client().login(u.user.username, u.password), 401, 'api.user.login.inactive.app_error');
    await admin.client.updateUserActive(u.user.id, true);
    await t.client().login(u.user.username, u.password);
  });

  // Resolved tokens are cached (app/session-cache.ts): every test here uses a token first, so it is cached when the
  // change happens, and the very next request must already see the change.
  it('refuses a revoked session at once, though it was just used', async () => {
    const u = await makeUser(t);
    const second = t.client();
    await second.login(u.user.username, u.password);
    assert.equal((await u.client.getMe()).id, u.user.id);
    assert.equal((await second.getMe()).id, u.user.id);
    const sessions = await u.client.getSessions(u.user.id);
    assert.equal(sessions.length, 2);
    // Revoke the second login's session (the newest) from the first.
    const newest = sessions.reduce((a, b) => (a.create_at >= b.create_at ? a : b));
    await u.client.revokeSession(u.user.id, newest.id);
    await expectAppError(second.getMe(), 401, 'api.context.session_expired.app_error');
    assert.equal((await u.client.getMe()).id, u.user.id);
    await admin.client.revokeAllSessionsForUser(u.user.id);
    await expectAppError(u.client.getMe(), 401, 'api.context.session_expired.app_error');
  });

  it('ends the other sessions at once on a password change', async () => {
    const u = await makeUser(t);
    const other = t.client();
    await other.login(u.user.username, u.password);
    await other.getMe();
    await u.client.getMe();
    await u.client.updateUserPassword(u.user.id, u.password, 'Another-pass-2');
    await expectAppError(other.getMe(), 401);
    assert.equal((await u.client.getMe()).id, u.user.id);
  });

  it('applies a role change and a deactivation to the very next request', async () => {
    const u = await makeUser(t);
    await expectAppError(u.client.getConfig(), 403);
    await admin.client.updateUserRoles(u.user.id, 'system_user system_admin');
    await u.client.getConfig();
    await admin.client.updateUserRoles(u.user.id, 'system_user');
    await expectAppError(u.client.getConfig(), 403);
    await u.client.getMe();
    await admin.client.updateUserActive(u.user.id, false);
    await expectAppError(u.client.getMe(), 401);
  });

  it('refuses bad sign-ups and writes nothing', async () => {
    const c = t.client();
    const before = (await admin.client.getProfiles(0, 200)).length;
    await expectAppError(c.createUser({ username: 'Bad Name', email: 'x@example.com', password: 'Passw0rd!long' } as never, '', ''), 400, 'model.user.is_valid.username.app_error');
    await expectAppError(c.createUser({ username: 'okname', email: 'not-an-email', password: 'Passw0rd!long' } as never, '', ''), 400, 'model.user.is_valid.email.app_error');
    await expectAppError(c.createUser({ username: 'okname', email: 'ok@example.com', password: 'short' } as never, '', ''), 400, 'model.user.is_valid.pwd.app_error');
    await expectAppError(c.createUser({ username: 'alice', email: 'other@example.com', password: 'Passw0rd!long' } as never, '', ''), 400, 'app.user.save.username_exists.app_error');
    await expectAppError(c.createUser({ username: 'all', email: 'all@example.com', password: 'Passw0rd!long' } as never, '', ''), 400);
    const malformed = await fetch(`${t.url}/api/v4/users`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username": ' });
    assert.equal(malformed.status, 400);
    const body = await malformed.json();
    assert.deepEqual(Object.keys(body).sort(), ['detailed_error', 'id', 'is_oauth', 'message', 'request_id', 'status_code']);
    const wrongType = await fetch(`${t.url}/api/v4/users`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[1,2]' });
    assert.equal(wrongType.status, 400);
    const huge = await fetch(`${t.url}/api/v4/users`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'x'.repeat(400_000) }) });
    assert.equal(huge.status, 413);
    assert.equal((await admin.client.getProfiles(0, 200)).length, before);
  });

  it('obeys EnableOpenServer and EnableUserCreation for sign-up, but lets admins create users', async () => {
    await admin.client.patchConfig({ TeamSettings: { EnableOpenServer: false } } as never);
    await expectAppError(t.client().createUser({ username: uniqueName(), email: `${uniqueName()}@example.com`, password: 'Passw0rd!long' } as never, '', ''), 403, 'api.user.create_user.no_open_server');
    const made = await admin.client.createUser({ username: uniqueName(), email: `${uniqueName()}@example.com`, password: 'Passw0rd!long' } as never, '', '');
    assert.equal(made.roles, 'system_user');
    await admin.client.patchConfig({ TeamSettings: { EnableOpenServer: true, EnableUserCreation: false } } as never);
    await expectAppError(t.client().createUser({ username: uniqueName(), email: `${uniqueName()}@example.com`, password: 'Passw0rd!long' } as never, '', ''), 403, 'api.user.create_user.disabled.app_error');
    await admin.client.patchConfig({ TeamSettings: { EnableUserCreation: true } } as never);
  });

  it('locks an account after MaximumLoginAttempts failures', async () => {
    await admin.client.patchConfig({ ServiceSettings: { MaximumLoginAttempts: 2 } } as never);
    const u = await makeUser(t);
    await expectAppError(t.client().login(u.user.username, 'bad-1'), 401);
    await expectAppError(t.client().login(u.user.username, 'bad-2'), 401);
    await expectAppError(t.client().login(u.user.username, u.password), 401, 'api.user.check_user_login_attempts.too_many.app_error');
    await admin.client.patchConfig({ ServiceSettings: { MaximumLoginAttempts: 10 } } as never);
  });
});
