import { after, before, it, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from './test/server.ts';

describe('without a web client build: landing page', () => {
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

describe('serving the web client', () => {
  let t: TestServer;
  let web: string;
  before(async () => {
    web = await mkdtemp(join(tmpdir(), 'prat-web-'));
    await mkdir(join(web, 'static'));
    await writeFile(join(web, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/static/app-abc123.js"></script>');
    await writeFile(join(web, 'static', 'app-abc123.js'), 'console.log(1)');
    t = await startTestServer('sqlite', {}, {}, { webDir: web });
  });
  after(async () => {
    await t.close();
    await rm(web, { recursive: true, force: true });
  });

  it('answers every client route with index.html, never cached, under a strict Content-Security-Policy', async () => {
    for (const path of ['/', '/login', '/fribyte/channels/town-square', '/fribyte/pl/abc', '/admin_console/users', '/fribyte/messages/@ola?x=1']) {
      const r = await fetch(t.url + path);
      assert.equal(r.status, 200, path);
      assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(r.headers.get('cache-control') ?? '', /no-cache/);
      const csp = r.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.ok(!csp.includes("'unsafe-eval'") && !/script-src[^;]*unsafe-inline/.test(csp));
      assert.ok((await r.text()).includes('<div id="root">'));
    }
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const r = await fetch(`${t.url}/static/app-abc123.js`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /javascript/);
    assert.match(r.headers.get('cache-control') ?? '', /max-age=31536000.*immutable|immutable.*max-age=31536000/);
    assert.equal(await r.text(), 'console.log(1)');
  });

  it('keeps unknown API paths, missing assets and path tricks as 404s', async () => {
    for (const path of ['/api/v4/nope', '/static/missing.js', '/static/../index.html', '/favicon.ico']) {
      const r = await fetch(t.url + path);
      assert.equal(r.status, 404, path);
    }
    const api = await fetch(`${t.url}/api/v4/nope`);
    assert.equal((await api.json()).id, 'api.context.404.app_error');
  });

  it('still answers the API', async () => {
    const r = await fetch(`${t.url}/api/v4/system/ping`);
    assert.equal(r.status, 200);
  });
});
