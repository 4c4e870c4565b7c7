// `prat user` and `prat token` against a live server: users given by username, email or id, tokens that really work.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { UserAccessToken, UserProfile } from '@mattermost/types/users';
import { expectAppError, makeUser, startTestServer, type TestServer, type TestUser } from '../../server/src/test/server.ts';
import { CliUser } from './test/cli.ts';

describe('prat user and prat token', () => {
  let t: TestServer;
  let admin: TestUser;
  let cli: CliUser;

  before(async () => {
    t = await startTestServer('sqlite');
    admin = await makeUser(t);
    cli = await CliUser.create();
    await cli.ok(['auth', 'login', t.url, '--name', 'test', '--username', admin.user.email, '--password', admin.password]);
  });
  after(async () => {
    await cli.remove();
    await t.close();
  });

  it('creates users, lists and finds them, and edits their email and username', async () => {
    const anne = await cli.json<UserProfile>(['user', 'create', '--email', 'anne@example.org', '--username', 'anne', '--password', 'Passw0rd!long', '--firstname', 'Anne', '--lastname', 'Hansen']);
    assert.deepEqual([anne.username, anne.first_name, anne.last_name, anne.roles], ['anne', 'Anne', 'Hansen', 'system_user']);
    const boss = await cli.json<UserProfile>(['user', 'create', '--email', 'boss@example.org', '--username', 'boss', '--password', 'Passw0rd!long', '--system-admin']);
    assert.match((await admin.client.getUser(boss.id)).roles, /system_admin/);

    const taken = await cli.fails(['user', 'create', '--email', 'other@example.org', '--username', 'anne', '--password', 'Passw0rd!long']);
    assert.match(taken.stderr, /^Error: .*username/im);
    assert.match((await cli.fails(['user', 'create', '--email', 'g@example.org', '--username', 'gjest', '--password', 'Passw0rd!long', '--guest'])).stderr, /guest accounts are not supported/);

    const all = await cli.json<UserProfile[]>(['user', 'list', '--all']);
    assert.deepEqual(all.map((u) => u.username).sort(), [admin.user.username, 'anne', 'boss'].sort());
    assert.equal((await cli.json<UserProfile[]>(['user', 'list', '--page', '1', '--per-page', '2'])).length, 1);

    const found = await cli.json<UserProfile[]>(['user', 'search', 'anne@example.org', 'boss', anne.id]);
    assert.deepEqual(found.map((u) => u.username), ['anne', 'boss', 'anne']);
    assert.match(await cli.ok(['user', 'search', '@anne']), /^username: anne$/m);

    await cli.ok(['user', 'edit', 'email', 'anne', 'anne@example.net']);
    await cli.ok(['user', 'edit', 'username', 'anne@example.net', 'anne.h']);
    const edited = await admin.client.getUser(anne.id);
    assert.deepEqual([edited.email, edited.username], ['anne@example.net', 'anne.h']);
  });

  it('deactivates and activates users, and changes a password so the new one logs in', async () => {
    const bob = await makeUser(t);
    await cli.ok(['user', 'deactivate', bob.user.username]);
    assert.ok((await admin.client.getUser(bob.user.id)).delete_at > 0);
    assert.deepEqual((await cli.json<UserProfile[]>(['user', 'list', '--inactive'])).map((u) => u.id), [bob.user.id]);
    await cli.ok(['user', 'activate', bob.user.id]);
    assert.equal((await admin.client.getUser(bob.user.id)).delete_at, 0);

    await cli.ok(['user', 'change-password', bob.user.username, '--password', 'Another!long1']);
    await t.client().login(bob.user.username, 'Another!long1');
    await expectAppError(t.client().login(bob.user.username, bob.password), 401);

    assert.match((await cli.fails(['user', 'reset-password', bob.user.username])).stderr, /email is not configured on this server/);
    assert.match((await cli.fails(['user', 'promote', bob.user.username])).stderr, /guest accounts are not supported by this server/);
    assert.match((await cli.fails(['user', 'deactivate', 'nobody'])).stderr, /^Error: user "nobody" not found$/m);
  });

  it('generates a working token, lists it, and revokes it so it stops working', async () => {
    const carl = await makeUser(t);
    const token = await cli.json<UserAccessToken>(['token', 'generate', carl.user.username, 'deploy script']);
    assert.equal(token.description, 'deploy script');
    const withToken = t.client();
    withToken.setToken(token.token!);
    assert.equal((await withToken.getMe()).id, carl.user.id);
    assert.match(await cli.ok(['token', 'generate', carl.user.email, 'second']), /^[a-z0-9]{26}: second$/m);

    const listed = await cli.json<UserAccessToken[]>(['token', 'list', carl.user.username]);
    assert.deepEqual(listed.map((x) => x.description).sort(), ['deploy script', 'second']);
    assert.equal(listed.some((x) => 'token' in x && x.token), false, 'listing never shows the secret');
    assert.match(await cli.ok(['token', 'list', carl.user.username]), /^ID +DESCRIPTION +ACTIVE\n/);

    await cli.ok(['token', 'revoke', token.id]);
    await expectAppError(withToken.getMe(), 401);
    assert.deepEqual((await cli.json<UserAccessToken[]>(['token', 'list', carl.user.username, '--all'])).map((x) => x.description), ['second']);
    const bogus = await cli.fails(['token', 'revoke', 'nosuchtoken0000000000000000']);
    assert.match(bogus.stderr, /^Error: /m);
  });

  it('prints the server version from X-Version-Id, its status, and a ping', async () => {
    const version = await cli.json<{ version: string; api_version: string }>(['system', 'version']);
    assert.match(version.version, /^\d+\.\d+\.\d+\.[^.]+\.[0-9a-f]+\.(true|false)$/);
    assert.match(await cli.ok(['system', 'version']), /^Server version \d+\.\d+\.\d+\./);
    const status = await cli.json<Record<string, string>>(['system', 'status']);
    assert.deepEqual([status.status, status.database_status, status.filestore_status], ['OK', 'OK', 'OK']);
    assert.match(await cli.ok(['system', 'status']), /^Database Status: OK$/m);
    assert.equal(await cli.ok(['system', 'ping']), 'OK\n');
    assert.equal(await cli.ok(['system', 'ping', '--quiet']), '');
  });
});
