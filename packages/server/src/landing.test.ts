import { after, before, it, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './test/server.ts';

describe('landing page', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer('sqlite', { TeamSettings: { SiteName: '<b>Fribyte</b>' } });
  });
  after(() => t.close());

  it('tells a browser what the server is, with the site name escaped', async () => {
    const r = await fetch(`${t.url}/`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
    const html = await r.text();
    assert.ok(html.includes('&#60;b&#62;Fribyte&#60;/b&#62; is running'));
    assert.ok(!html.includes('<b>Fribyte'));
  });
});
