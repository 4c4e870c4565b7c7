import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Channel } from '@mattermost/types/channels';
import type { FileInfo, FileUploadResponse } from '@mattermost/types/files';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { describeEachDatabase, expectAppError, makeUser, startTestServer, type TestServer, type TestUser } from '../test/server.ts';
import { api, makeChannel, makeTeam } from '../test/teams-channels.ts';

// File search (POST /teams/{id}/files/search, POST /files/search) and public file links.

type FileList = { order: string[]; file_infos: Record<string, FileInfo>; next_file_info_id: string; prev_file_info_id: string };

describeEachDatabase('files: search and public links', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  /** In `team`, `channel` and `hidden`. */
  let alice: TestUser;
  /** In `team` and `channel`. */
  let bob: TestUser;
  /** In no team. */
  let carol: TestUser;
  let team: Team;
  let otherTeam: Team;
  let channel: Channel;
  let hidden: Channel;
  let elsewhere: Channel;
  let dm: Channel;
  const files: Record<string, FileInfo> = {};

  const form = (channelId: string, name: string, data: string) => {
    const fd = new FormData();
    fd.append('channel_id', channelId);
    fd.append('files', new Blob([data]), name);
    return fd;
  };
  const uploadOne = async (who: TestUser, channelId: string, name: string, data = `contents of ${name}`) =>
    ((await who.client.uploadFile(form(channelId, name, data))) as FileUploadResponse).file_infos[0]!;
  /** Uploads a file and posts it; returns its FileInfo. */
  const share = async (who: TestUser, ch: { id: string }, name: string) => {
    const info = await uploadOne(who, ch.id, name);
    await who.client.createPost({ channel_id: ch.id, message: `here is ${name}`, file_ids: [info.id] } as Post);
    return info;
  };

  before(async () => {
    t = await startTestServer(driver);
    let last = 0;
    t.server.ctx.now = () => (last = Math.max(Date.now(), last + 1));
    admin = await makeUser(t, { username: 'admin' });
    alice = await makeUser(t, { username: 'alice' });
    bob = await makeUser(t, { username: 'bob' });
    carol = await makeUser(t, { username: 'carol' });
    team = await makeTeam(alice, { name: 'filer' });
    otherTeam = await makeTeam(alice, { name: 'annet' });
    await alice.client.addToTeam(team.id, bob.user.id);
    channel = await makeChannel(alice, team, { name: 'vedlegg' });
    await alice.client.addToChannel(bob.user.id, channel.id);
    hidden = await makeChannel(alice, team, { name: 'hemmelig', type: 'P' });
    elsewhere = await makeChannel(alice, otherTeam, { name: 'borte' });
    dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);

    files.report = await share(alice, channel, 'Årsrapport-2024.pdf');
    files.budget = await share(bob, channel, 'budget_2024.xlsx');
    files.secret = await share(alice, hidden, 'hemmelig-rapport.pdf');
    files.dm = await share(bob, dm, 'rapport-utkast.txt');
    files.away = await share(alice, elsewhere, 'rapport-borte.pdf');
    files.draft = await uploadOne(alice, channel.id, 'ikke-delt-rapport.pdf');
    const doomed = await uploadOne(alice, channel.id, 'slettet-rapport.pdf');
    const p = await alice.client.createPost({ channel_id: channel.id, message: 'soon gone', file_ids: [doomed.id] } as Post);
    await alice.client.deletePost(p.id);
    files.deleted = doomed;
  });
  after(() => t.close());

  const search = (who: TestUser, terms: string, params: Record<string, unknown> = {}, teamId: string | '' = team.id) =>
    who.client.searchFilesWithParams(teamId, { terms, is_or_search: false, ...params }) as unknown as Promise<FileList>;
  const found = async (who: TestUser, terms: string, params: Record<string, unknown> = {}, teamId: string | '' = team.id) =>
    (await search(who, terms, params, teamId)).order;

  it('finds files by name in the user’s channels of a team and direct messages, newest first', async () => {
    const r = await search(alice, 'rapport');
    assert.deepEqual(r.order, [files.dm!.id, files.secret!.id, files.report!.id]);
    assert.deepEqual(Object.keys(r.file_infos).sort(), r.order.slice().sort());
    assert.equal(r.file_infos[files.report!.id]!.name, 'Årsrapport-2024.pdf');
    assert.equal(r.file_infos[files.report!.id]!.channel_id, channel.id);
    assert.equal(r.next_file_info_id, '');
    assert.equal(r.prev_file_info_id, '');
    assert.deepEqual(await found(bob, 'rapport'), [files.dm!.id, files.report!.id], 'not the private channel bob is not in');
    assert.deepEqual(await found(alice, 'ÅRSRAPPORT'), [files.report!.id], 'case-insensitive beyond ASCII');
    assert.deepEqual(await found(alice, 'budget 2024'), [files.budget!.id], 'all terms');
    assert.deepEqual(await found(alice, 'budget årsrapport', { is_or_search: true }), [files.budget!.id, files.report!.id], 'any term');
    assert.deepEqual(await found(alice, '"budget 2024"'), [files.budget!.id], 'a phrase: words in order');
    assert.deepEqual(await found(alice, '"2024 budget"'), []);
    assert.deepEqual(await found(alice, 'rapp*'), [files.dm!.id, files.secret!.id, files.report!.id]);
    assert.deepEqual(await found(alice, 'rapport -hemmelig'), [files.dm!.id, files.report!.id]);
    assert.deepEqual(await found(alice, 'rapport', {}, ''), [files.away!.id, files.dm!.id, files.secret!.id, files.report!.id], 'every team');
  });

  it('filters by ext:, from:, in: and dates', async () => {
    assert.deepEqual(await found(alice, 'ext:pdf'), [files.secret!.id, files.report!.id]);
    assert.deepEqual(await found(alice, 'rapport -ext:pdf'), [files.dm!.id]);
    assert.deepEqual(await found(alice, 'ext:xlsx ext:txt'), [files.dm!.id, files.budget!.id]);
    assert.deepEqual(await found(alice, 'from:bob'), [files.dm!.id, files.budget!.id]);
    assert.deepEqual(await found(alice, '2024 -from:bob'), [files.report!.id]);
    assert.deepEqual(await found(alice, 'in:vedlegg'), [files.budget!.id, files.report!.id]);
    assert.deepEqual(await found(alice, 'rapport in:@bob'), [files.dm!.id]);
    assert.deepEqual(await found(alice, 'rapport -in:hemmelig'), [files.dm!.id, files.report!.id]);
    assert.deepEqual(await found(bob, 'in:hemmelig'), [], 'naming a private channel finds nothing');
    assert.deepEqual(await found(alice, 'from:nobody'), []);
    const dayOf = (f: FileInfo) => new Date(f.create_at).toISOString().slice(0, 10);
    assert.deepEqual(await found(alice, `årsrapport on:${dayOf(files.report!)}`), [files.report!.id]);
    assert.deepEqual(await found(alice, `årsrapport -on:${dayOf(files.report!)}`), []);
    assert.deepEqual(await found(alice, `rapport before:${dayOf(files.report!)}`), []);
    assert.deepEqual(await found(alice, `rapport after:${dayOf(files.dm!)}`), []);
    assert.deepEqual(await found(alice, 'rapport', { page: 1, per_page: 1 }), [files.secret!.id]);
    assert.deepEqual(await found(alice, '-rapport'), [], 'exclusions alone find nothing');
  });

  it('never finds drafts, deleted files or archived channels unless asked', async () => {
    assert.deepEqual(await found(alice, 'ikke-delt'), []);
    assert.deepEqual(await found(alice, 'slettet'), []);
    const archived = await makeChannel(alice, team, { name: 'arkiv' });
    const old = await share(alice, archived, 'gammel-plan.odt');
    await alice.client.deleteChannel(archived.id);
    assert.deepEqual(await found(alice, 'gammel'), []);
    await admin.client.patchConfig({ TeamSettings: { ExperimentalViewArchivedChannels: true } } as never);
    try {
      assert.deepEqual(await found(alice, 'gammel', { include_deleted_channels: true }), [old.id]);
    } finally {
      await admin.client.patchConfig({ TeamSettings: { ExperimentalViewArchivedChannels: false } } as never);
    }
  });

  it('refuses bad searches with Mattermost’s errors', async () => {
    await expectAppError(search(alice, ''), 400, 'api.context.invalid_param.app_error');
    await expectAppError(search(alice, 'on:2024-13-01'), 400, 'api.post.search_posts.invalid_date.app_error');
    await expectAppError(search(alice, '"open'), 400, 'api.post.search_posts.unbalanced_quote.app_error');
    await expectAppError(search(alice, 'ext:'), 400, 'api.post.search_posts.empty_flag.app_error');
    const bad = await api(t, alice, 'POST', `/teams/${team.id}/files/search`, { terms: 5 });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.id, 'api.post.search_files.invalid_body.app_error');
    const notJson = await api(t, alice, 'POST', '/files/search', '{nope');
    assert.equal(notJson.status, 400);
    await expectAppError(search(carol, 'rapport'), 403, 'api.context.permissions.app_error');
    await expectAppError(search(alice, 'rapport', {}, 'bad'), 400);
    const anonymous = await api(t, null, 'POST', '/files/search', { terms: 'rapport' });
    assert.equal(anonymous.status, 401);
    assert.deepEqual(await found(carol, 'rapport', {}, ''), [], 'everywhere: only the caller’s own channels');
  });

  it('serves a public link to anyone holding it, while public links are enabled', async () => {
    const link = (who: TestUser, id: string) => who.client.getFilePublicLink(id);
    await expectAppError(link(alice, files.report!.id), 403, 'api.file.get_public_link.disabled.app_error');
    const salt = t.server.ctx.config.get().FileSettings.PublicLinkSalt;
    assert.match(salt, /^[a-z0-9]{32}$/, 'a salt was made on first start');
    const saved = JSON.parse(await readFile(t.configPath, 'utf8')) as { FileSettings: { PublicLinkSalt: string } };
    assert.equal(saved.FileSettings.PublicLinkSalt, salt, 'and saved');

    await admin.client.patchConfig({ FileSettings: { EnablePublicLink: true } } as never);
    try {
      const { link: url } = await link(bob, files.report!.id);
      const m = new RegExp(`^${t.url.replace(/[.]/g, '\\.')}/files/${files.report!.id}/public\\?h=([A-Za-z0-9_-]{43})$`).exec(url);
      assert.ok(m, url);
      const r = await fetch(url);
      assert.equal(r.status, 200);
      assert.equal(await r.text(), 'contents of Årsrapport-2024.pdf');
      assert.equal(r.headers.get('content-type'), 'application/pdf');
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.match(r.headers.get('content-security-policy') ?? '', /sandbox/);
      assert.match(r.headers.get('content-disposition') ?? '', /^attachment; .*filename\*=UTF-8''%C3%85rsrapport-2024\.pdf$/);
      assert.equal((await link(alice, files.report!.id)).link, url, 'the same link for everyone');

      const publicGet = async (path: string) => {
        const res = await fetch(`${t.url}${path}`);
        const body = (await res.json()) as { id: string; status_code: number };
        return { status: res.status, id: body.id };
      };
      const hash = m[1]!;
      assert.deepEqual(await publicGet(`/files/${files.report!.id}/public?h=${hash.slice(1)}x`), { status: 400, id: 'api.file.get_file.public_invalid.app_error' });
      assert.deepEqual(await publicGet(`/files/${files.report!.id}/public`), { status: 400, id: 'api.file.get_file.public_invalid.app_error' });
      assert.deepEqual(await publicGet(`/files/${files.budget!.id}/public?h=${hash}`), { status: 400, id: 'api.file.get_file.public_invalid.app_error' }, 'a hash is for one file');
      assert.deepEqual(await publicGet(`/files/${'n'.repeat(26)}/public?h=${hash}`), { status: 404, id: 'app.file_info.get.app_error' });
      assert.deepEqual(await publicGet(`/files/bad/public?h=${hash}`), { status: 400, id: 'api.context.invalid_param.app_error' });

      // Only readers of the file get a link; only posted files have one.
      await expectAppError(link(bob, files.secret!.id), 403, 'api.context.permissions.app_error');
      await expectAppError(link(alice, files.draft!.id), 400, 'api.file.get_public_link.no_post.app_error');
      await expectAppError(link(alice, files.deleted!.id), 404);
      await expectAppError(link(alice, 'n'.repeat(26)), 404);
      const anon = await api(t, null, 'GET', `/files/${files.report!.id}/link`);
      assert.equal(anon.status, 401);

      // A new salt revokes every link.
      await admin.client.patchConfig({ FileSettings: { PublicLinkSalt: 'a'.repeat(32) } } as never);
      assert.equal((await fetch(url)).status, 400);
      const fresh = (await link(alice, files.report!.id)).link;
      assert.notEqual(fresh, url);
      assert.equal((await fetch(fresh)).status, 200);
      // An emptied salt is filled in again, never used empty.
      await admin.client.patchConfig({ FileSettings: { PublicLinkSalt: '' } } as never);
      assert.match(t.server.ctx.config.get().FileSettings.PublicLinkSalt, /^[a-z0-9]{32}$/);
    } finally {
      await admin.client.patchConfig({ FileSettings: { EnablePublicLink: false } } as never);
    }
    const off = await fetch(`${t.url}/files/${files.report!.id}/public?h=x`);
    assert.equal(off.status, 403);
    assert.equal(((await off.json()) as { id: string }).id, 'api.file.get_public_link.disabled.app_error');
  });
});
