import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { describeEachDatabase, makeUser, startTestServer, type TestServer, type TestUser } from '../test/server.ts';

// X-Version-Id: <version>.<build>.<config hash>.<licensed>; mmctl and the web app need three numeric parts first.
const VERSION_ID = /^\d+\.\d+\.\d+\.[^.]+\.[^.]+\.false$/;
const REQUEST_ID = /^[a-z0-9]{26}$/;

describeEachDatabase('system', (driver) => {
  let t: TestServer;
  let user: TestUser;

  before(async () => {
    t = await startTestServer(driver);
    await makeUser(t); // the first user is the system admin
    user = await makeUser(t);
  });
  after(() => t.close());

  it('answers ping with OK, and reports database and file store health on request', async () => {
    const plain = await fetch(`${t.url}/api/v4/system/ping`);
    assert.equal(plain.status, 200);
    const body = await plain.json();
    assert.equal(body.status, 'OK');
    assert.equal(body.database_status, undefined);

    const status = (await t.client().ping(true)) as unknown as Record<string, string>;
    assert.equal(status.status, 'OK');
    assert.equal(status.database_status, 'OK');
    assert.equal(status.filestore_status, 'OK');
  });

  it('reports an unhealthy file store: 500, or 200 with use_rest_semantics=true', async () => {
    const files = t.server.ctx.config.get().FileSettings.Directory;
    await rm(files, { recursive: true, force: true });
    try {
      const r = await fetch(`${t.url}/api/v4/system/ping?get_server_status=true`);
      assert.equal(r.status, 500);
      const body = await r.json();
      assert.equal(body.status, 'UNHEALTHY');
      assert.equal(body.filestore_status, 'UNHEALTHY');
      assert.equal(body.database_status, 'OK');

      const rest = await fetch(`${t.url}/api/v4/system/ping?get_server_status=true&use_rest_semantics=true`);
      assert.equal(rest.status, 200);
      assert.equal((await rest.json()).status, 'UNHEALTHY');

      const quick = await fetch(`${t.url}/api/v4/system/ping`);
      assert.equal(quick.status, 200, 'a plain ping does not look at the file store');
    } finally {
      await mkdir(files, { recursive: true });
    }
    assert.equal(((await t.client().ping(true)) as unknown as Record<string, string>).filestore_status, 'OK');
  });

  it('sends X-Request-Id, X-Version-Id and a bare application/json on every response, errors and 404s included', async () => {
    const auth = { Authorization: `Bearer ${user.token}` };
    const requests: Array<[string, RequestInit, number]> = [
      ['/api/v4/system/ping', {}, 200],
      ['/api/v4/users/me', { headers: auth }, 200],
      ['/api/v4/config/client?format=old', {}, 200],
      ['/api/v4/users/me', {}, 401],
      ['/api/v4/users/me', { headers: { Authorization: 'Bearer nonsense' } }, 401],
      ['/api/v4/config', { headers: auth }, 403],
      ['/api/v4/users/login', { method: 'POST', body: '{"login_id": ' }, 400],
      ['/api/v4/users/notanid', { headers: auth }, 400],
      ['/api/v4/users/%zz', { headers: auth }, 400],
      [`/api/v4/users/${'a'.repeat(300)}`, { headers: auth }, 400],
      ['/api/v4/no/such/route', {}, 404],
      ['/api/v4/system/ping', { method: 'DELETE' }, 404],
      ['/definitely-not-here', {}, 404],
    ];
    const versions = new Set<string>();
    for (const [path, init, status] of requests) {
      const r = await fetch(`${t.url}${path}`, init);
      const what = `${init.method ?? 'GET'} ${path}`;
      assert.equal(r.status, status, what);
      assert.equal(r.headers.get('content-type'), 'application/json', what);
      const requestId = r.headers.get('x-request-id') ?? '';
      assert.match(requestId, REQUEST_ID, what);
      const version = r.headers.get('x-version-id') ?? '';
      assert.match(version, VERSION_ID, what);
      versions.add(version);
      const body = await r.json();
      if (status >= 400) {
        assert.deepEqual(Object.keys(body).sort(), ['detailed_error', 'id', 'is_oauth', 'message', 'request_id', 'status_code'], what);
        assert.equal(body.status_code, status, what);
        assert.equal(body.request_id, requestId, what);
      }
    }
    assert.equal(versions.size, 1, 'the version header does not change while the config does not');
  });

  it('gives every request its own id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await fetch(`${t.url}/api/v4/system/ping`)).headers.get('x-request-id') ?? '');
    assert.equal(ids.size, 5);
  });
});
