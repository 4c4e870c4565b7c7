import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { UserAccessToken } from '@mattermost/types/users';
import { describeEachDatabase, expectAppError, makeUser, startTestServer, type Client, type TestServer, type TestUser } from '../test/server.ts';

describeEachDatabase('personal access tokens', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  let plain: TestUser;
  let ann: TestUser;
  let bob: TestUser;
  const plainTokens: string[] = [];

  /** A Client4 that authenticates with a personal access token (as mmctl does). */
  const withToken = (token: string): Client => {
    const c = t.client();
    c.setToken(token);
    return c;
  };
  const create = async (u: TestUser, description: string) => {
    const made = (await u.client.createUserAccessToken(u.user.id, description)) as UserAccessToken;
    plainTokens.push(made.token!);
    return made;
  };
  const countAll = async () => (await admin.client.getUserAccessTokens(0, 200)).length;

  before(async () => {
    t = await startTestServer(driver);
    admin = await makeUser(t);
    plain = await makeUser(t);
    ann = await makeUser(t);
    bob = await makeUser(t);
    for (const u of [ann, bob]) await admin.client.updateUserRoles(u.user.id, 'system_user system_user_access_token');
  });
  after(() => t.close());

  it('shows a new token once; it then works as a Bearer token and is never shown again', async () => {
    const made = await create(ann, 'mmctl on my laptop');
    assert.equal(made.user_id, ann.user.id);
    assert.equal(made.description, 'mmctl on my laptop');
    assert.equal(made.is_active, true);
    assert.match(made.token!, /^[a-z0-9]{26}$/);

    const me = await withToken(made.token!).getMe();
    assert.equal(me.id, ann.user.id);
    const raw = await fetch(`${t.url}/api/v4/users/me`, { headers: { Authorization: `Bearer ${made.token}` } });
    assert.equal(raw.status, 200);

    const one = await ann.client.getUserAccessToken(made.id);
    assert.deepEqual(one, { id: made.id, user_id: ann.user.id, description: 'mmctl on my laptop', is_active: true });
    const mine = await ann.client.getUserAccessTokensForUser(ann.user.id);
    assert.deepEqual(mine.map((x) => x.id), [made.id]);
    const everyone = await admin.client.getUserAccessTokens(0, 200);
    for (const list of [mine, everyone]) for (const x of list) assert.equal('token' in x, false);
  });

  it('stops a disabled token at once, and lets it work again when enabled', async () => {
    const made = await create(ann, 'disable me');
    const c = withToken(made.token!);
    await c.getMe();
    await ann.client.disableUserAccessToken(made.id);
    await expectAppError(c.getMe(), 401);
    assert.equal((await ann.client.getUserAccessToken(made.id)).is_active, false);
    await ann.client.enableUserAccessToken(made.id);
    assert.equal((await c.getMe()).id, ann.user.id);
  });

  it('stops a revoked token at once and forgets it', async () => {
    const made = await create(ann, 'revoke me');
    const c = withToken(made.token!);
    await c.getMe();
    await ann.client.revokeUserAccessToken(made.id);
    await expectAppError(c.getMe(), 401);
    await expectAppError(ann.client.getUserAccessToken(made.id), 404);
  });

  it('refuses creation without the system_user_access_token role', async () => {
    const before = await countAll();
    await expectAppError(plain.client.createUserAccessToken(plain.user.id, 'nope'), 403);
    assert.equal(await countAll(), before);
  });

  it("keeps a user's hands off another user's tokens; an admin sees them all", async () => {
    const bobs = await create(bob, "bob's token");
    const before = await countAll();
    await expectAppError(ann.client.createUserAccessToken(bob.user.id, 'for bob'), 403);
    await expectAppError(ann.client.getUserAccessTokensForUser(bob.user.id), 403);
    await expectAppError(ann.client.getUserAccessToken(bobs.id), 403);
    await expectAppError(ann.client.disableUserAccessToken(bobs.id), 403);
    await expectAppError(ann.client.revokeUserAccessToken(bobs.id), 403);
    await expectAppError(ann.client.getUserAccessTokens(), 403);
    await expectAppError(plain.client.getUserAccessTokens(), 403);
    assert.equal(await countAll(), before);
    assert.equal((await withToken(bobs.token!).getMe()).id, bob.user.id, "bob's token still works");

    const all = await admin.client.getUserAccessTokens(0, 200);
    const owners = new Set(all.map((x) => x.user_id));
    assert.ok(owners.has(ann.user.id) && owners.has(bob.user.id));
    assert.deepEqual((await admin.client.getUserAccessTokensForUser(bob.user.id)).map((x) => x.id), [bobs.id]);
  });

  it('refuses bad input with 400 or 404 and writes nothing', async () => {
    const before = await countAll();
    const post = (path: string, body: string) =>
      fetch(`${t.url}/api/v4${path}`, { method: 'POST', headers: { Authorization: `Bearer ${ann.token}`, 'Content-Type': 'application/json' }, body });
    assert.equal((await post(`/users/${ann.user.id}/tokens`, '{}')).status, 400);
    assert.equal((await post(`/users/${ann.user.id}/tokens`, '{"description": ')).status, 400);
    assert.equal((await post(`/users/${ann.user.id}/tokens`, '{"description": 42}')).status, 400);
    await expectAppError(ann.client.createUserAccessToken(ann.user.id, ''), 400);
    await expectAppError(ann.client.createUserAccessToken(ann.user.id, '   '), 400);
    await expectAppError(ann.client.createUserAccessToken(ann.user.id, 'x'.repeat(300)), 400);
    const unknown = 'a'.repeat(26);
    await expectAppError(ann.client.getUserAccessToken(unknown), 404);
    await expectAppError(ann.client.revokeUserAccessToken(unknown), 404);
    await expectAppError(ann.client.disableUserAccessToken(unknown), 404);
    await expectAppError(ann.client.enableUserAccessToken(unknown), 404);
    assert.equal((await post('/users/tokens/revoke', '{}')).status, 400);
    assert.equal(await countAll(), before);
  });

  it('with EnableUserAccessTokens off, refuses creation with 501 and stops existing tokens until it is on again', async () => {
    const made = await create(ann, 'before the switch');
    const c = withToken(made.token!);
    await c.getMe();
    await admin.client.patchConfig({ ServiceSettings: { EnableUserAccessTokens: false } } as never);
    try {
      await expectAppError(ann.client.createUserAccessToken(ann.user.id, 'while off'), 501);
      await expectAppError(c.getMe(), 401);
    } finally {
      await admin.client.patchConfig({ ServiceSettings: { EnableUserAccessTokens: true } } as never);
    }
    assert.equal((await c.getMe()).id, ann.user.id);
  });

  it("stops a deactivated user's tokens", async () => {
    const made = await create(bob, 'bob leaves');
    await withToken(made.token!).getMe();
    await admin.client.updateUserActive(bob.user.id, false);
    await expectAppError(withToken(made.token!).getMe(), 401);
    await admin.client.updateUserActive(bob.user.id, true);
  });

  it('stores only a hash of each token, never the token itself', async () => {
    const secrets = [...plainTokens, ann.token, bob.token, admin.token];
    assert.ok(plainTokens.length >= 5);
    const dataSource = t.server.ctx.config.get().SqlSettings.DataSource;
    let rows: unknown[];
    if (driver === 'sqlite') {
      const db = new BetterSqlite3(dataSource, { readonly: true });
      try {
        rows = [...db.prepare('select * from user_access_tokens').all(), ...db.prepare('select * from sessions').all()];
      } finally {
        db.close();
      }
    } else {
      const db = new pg.Client({ connectionString: dataSource });
      await db.connect();
      try {
        rows = [...(await db.query('select * from user_access_tokens')).rows, ...(await db.query('select * from sessions')).rows];
      } finally {
        await db.end();
      }
    }
    assert.ok(rows.length >= plainTokens.length);
    const dump = JSON.stringify(rows);
    for (const secret of secrets) assert.ok(!dump.includes(secret), 'a plain token is in the database');
  });
});
