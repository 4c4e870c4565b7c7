import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeUser, startTestServer, type TestServer, type TestUser } from '../test/server.ts';

// Rate limiting does not touch the database, so one driver is enough.
describe('rate limiting', () => {
  let t: TestServer;
  let admin: TestUser;

  before(async () => {
    t = await startTestServer('sqlite');
    admin = await makeUser(t);
  });
  after(() => t.close());

  const ping = () => fetch(`${t.url}/api/v4/system/ping`);

  it('is off by default: a burst of requests all pass, without rate headers', async () => {
    const responses = await Promise.all(Array.from({ length: 150 }, ping));
    for (const r of responses) {
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-ratelimit-limit'), null);
      await r.body?.cancel();
    }
  });

  it('once enabled (live, no restart), answers a burst beyond MaxBurst with 429 and rate headers', async () => {
    await admin.client.patchConfig({ RateLimitSettings: { Enable: true, PerSec: 1, MaxBurst: 2 } } as never);

    // The bucket starts full: the rate plus the burst pass whatever the timing.
    for (let i = 0; i < 3; i++) {
      const r = await ping();
      assert.equal(r.status, 200, `request ${i + 1} of the burst`);
      assert.equal(r.headers.get('x-ratelimit-limit'), '1');
      assert.ok(r.headers.get('x-ratelimit-remaining') !== null && r.headers.get('x-ratelimit-reset') !== null);
      await r.body?.cancel();
    }
    const more = await Promise.all(Array.from({ length: 20 }, ping));
    const limited = more.filter((r) => r.status === 429);
    assert.ok(limited.length > 0, 'some of the rapid requests are refused');
    for (const r of more) assert.ok(r.status === 200 || r.status === 429, `unexpected ${r.status}`);

    const r = limited[0]!;
    assert.equal(r.headers.get('content-type'), 'application/json');
    assert.equal(r.headers.get('x-ratelimit-limit'), '1');
    assert.equal(r.headers.get('x-ratelimit-remaining'), '0');
    assert.match(r.headers.get('x-ratelimit-reset') ?? '', /^\d+$/);
    assert.match(r.headers.get('x-request-id') ?? '', /^[a-z0-9]{26}$/);
    const body = await r.json();
    assert.equal(body.status_code, 429);
    assert.equal(body.id, 'api.context.rate_limited.app_error');
    assert.equal(body.request_id, r.headers.get('x-request-id'));
    for (const other of more) if (other !== r) await other.body?.cancel();
  });
});
