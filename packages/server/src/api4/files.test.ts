import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import sharp from 'sharp';
import type { Channel } from '@mattermost/types/channels';
import type { FileInfo, FileUploadResponse } from '@mattermost/types/files';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { ClientError, describeEachDatabase, expectAppError, makeUser, startTestServer, type TestServer, type TestUser } from '../test/server.ts';
import { api, makeChannel, makeTeam } from '../test/teams-channels.ts';
import { uploadActivity } from '../app/files.ts';
import { newId } from '../app/ids.ts';

// The memory test reads live memory after collections; Node exposes gc() only behind this flag.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

type Upload = { name: string; data: Buffer | string; type?: string };

describeEachDatabase('files', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  /** Member of `team` and `channel`: uploads most files here. */
  let alice: TestUser;
  /** Member of `team`, not of `channel`. */
  let bob: TestUser;
  let team: Team;
  let channel: Channel;
  let dataDir: string;

  before(async () => {
    t = await startTestServer(driver);
    dataDir = t.server.ctx.config.get().FileSettings.Directory;
    admin = await makeUser(t, { username: 'admin' });
    alice = await makeUser(t, { username: 'alice' });
    bob = await makeUser(t, { username: 'bob' });
    team = await makeTeam(alice, { name: 'filer' });
    await alice.client.addToTeam(team.id, bob.user.id);
    channel = await makeChannel(alice, team, { name: 'vedlegg' });
  });
  after(() => t.close());

  const form = (channelId: string, files: Upload[], clientIds?: string[]) => {
    const fd = new FormData();
    fd.append('channel_id', channelId);
    for (const id of clientIds ?? []) fd.append('client_ids', id);
    for (const f of files) fd.append('files', new Blob([typeof f.data === 'string' ? f.data : Uint8Array.from(f.data)], { type: f.type ?? 'application/octet-stream' }), f.name);
    return fd;
  };
  const upload = async (who: TestUser, files: Upload[], clientIds?: string[], channelId = channel.id) =>
    (await who.client.uploadFile(form(channelId, files, clientIds))) as FileUploadResponse;
  // Client4 has no getFileInfo; this is the request the web app makes.
  const fileInfo = async (who: TestUser, id: string) => {
    const r = await get(who, `/files/${id}/info`);
    const body = (await r.json()) as FileInfo & { id: string; status_code?: number; message?: string };
    if (r.status !== 200) throw new ClientError(t.url, { message: body.message ?? '', server_error_id: body.id, status_code: r.status, url: r.url });
    return body as FileInfo;
  };
  const uploadOne = async (who: TestUser, file: Upload) => (await upload(who, [file])).file_infos[0]!;

  /** A GET as `who`, the response unread. */
  const get = (who: TestUser | null, path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/v4${path}`, { headers: { ...(who ? { Authorization: `Bearer ${who.token}` } : {}), ...headers } });
  const bytes = async (r: Response) => Buffer.from(await r.arrayBuffer());

  /** Every regular file under FileSettings.Directory, relative to it. */
  async function storedFiles(): Promise<string[]> {
    const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => relative(dataDir, join(e.parentPath, e.name)).split(sep).join('/')).sort();
  }
  const channelFileIds = async (channelId = channel.id) => (await t.server.ctx.store.files.forChannel(channelId, { page: 0, perPage: 200 })).map((f) => f.id);

  /** A multipart body (CRLF line ends) from parts given as [headers, body]. */
  const multipartBody = (boundary: string, parts: Array<[string, string]>, close = true) =>
    parts.map(([h, b]) => `--${boundary}\r\n${h}\r\n\r\n${b}\r\n`).join('') + (close ? `--${boundary}--\r\n` : '');
  const fieldPart = (name: string, value: string): [string, string] => [`Content-Disposition: form-data; name="${name}"`, value];
  const filePart = (name: string, content: string): [string, string] => [`Content-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/plain`, content];
  const post = (who: TestUser, path: string, body: string | Buffer | FormData, contentType?: string) =>
    fetch(`${t.url}/api/v4${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${who.token}`, ...(contentType ? { 'Content-Type': contentType } : {}) },
      body: Buffer.isBuffer(body) ? Uint8Array.from(body) : body,
    });

  /**
   * Streams a multipart upload of `size` generated bytes without Content-Length (chunked), calling `onChunk` as each
   * 64 KiB is produced. Nothing of it is held by the test: each chunk is made when the socket asks for it.
   */
  async function streamUpload(who: TestUser, name: string, size: number, onChunk: (sent: number) => void = () => undefined) {
    const boundary = `----prat${newId()}`;
    const head = Buffer.from(multipartBody(boundary, [fieldPart('channel_id', channel.id)], false) + `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const hash = createHash('sha256');
    const CHUNK = 64 * 1024;
    let sent = 0;
    async function* body() {
      yield head;
      while (sent < size) {
        const n = Math.min(CHUNK, size - sent);
        const chunk = Buffer.alloc(n, sent / CHUNK);
        chunk.writeUInt32BE(sent / CHUNK, 0);
        hash.update(chunk);
        sent += n;
        onChunk(sent);
        yield chunk;
      }
      yield tail;
    }
    const url = new URL(t.url);
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: '/api/v4/files',
      headers: { Authorization: `Bearer ${who.token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    });
    const response = once(req, 'response') as Promise<[http.IncomingMessage]>;
    // One chunk read ahead at most: the test must not hold the body either, or it would measure itself.
    await pipeline(Readable.from(body(), { highWaterMark: 1 }), req);
    const [res] = await response;
    let text = '';
    for await (const c of res) text += c;
    return { status: res.statusCode, body: JSON.parse(text) as Record<string, unknown>, sha256: hash.digest('hex') };
  }

  it('uploads a PNG with its size, a mini preview, a thumbnail and a preview, under Mattermost’s dated layout', async () => {
    const png = await sharp({ create: { width: 400, height: 300, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } })
      .composite([{ input: Buffer.from('<svg width="400" height="300"><circle cx="200" cy="150" r="90" fill="#08f"/></svg>') }])
      .png()
      .toBuffer();
    const before = await storedFiles();
    const r = await post(alice, '/files', form(channel.id, [{ name: 'rød sirkel.png', data: png, type: 'image/png' }], ['client-1']));
    assert.equal(r.status, 201);
    const res = (await r.json()) as FileUploadResponse;
    assert.deepEqual(res.client_ids, ['client-1']);
    const info = res.file_infos[0]!;
    assert.deepEqual(
      [info.name, info.extension, info.mime_type, info.size, info.width, info.height, info.has_preview_image, info.user_id, info.channel_id, info.post_id, info.delete_at],
      ['rød sirkel.png', 'png', 'image/png', png.length, 400, 300, true, alice.user.id, channel.id, '', 0],
    );
    const mini = await sharp(Buffer.from(info.mini_preview!, 'base64')).metadata();
    assert.deepEqual([mini.format, mini.width, mini.height], ['jpeg', 16, 16]);
    assert.deepEqual(await fileInfo(alice, info.id), info);

    // The original, its thumbnail and its preview, in <yyyymmdd>/teams/noteam/channels/<cid>/users/<uid>/<fileid>/.
    const added = (await storedFiles()).filter((f) => !before.includes(f));
    const dir = `teams/noteam/channels/${channel.id}/users/${alice.user.id}/${info.id}`;
    assert.deepEqual(
      added.map((f) => f.replace(/^\d{8}\//, '')),
      [`${dir}/rød sirkel.png`, `${dir}/rød sirkel_preview.jpg`, `${dir}/rød sirkel_thumb.jpg`],
    );
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    assert.ok(added.every((f) => f.startsWith(`${day}/`)), added.join());

    // Thumbnail: Mattermost's 120×100 box, filled on the short side (400×300 → 133×100). Preview: not enlarged.
    const thumb = await get(alice, `/files/${info.id}/thumbnail`);
    assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
    const tm = await sharp(await bytes(thumb)).metadata();
    assert.deepEqual([tm.format, tm.width, tm.height], ['jpeg', 133, 100]);
    const prev = await get(alice, `/files/${info.id}/preview`);
    assert.equal(prev.headers.get('content-type'), 'image/jpeg');
    const pm = await sharp(await bytes(prev)).metadata();
    assert.deepEqual([pm.format, pm.width, pm.height], ['jpeg', 400, 300]);

    // The download is the same bytes, shown inline (a safe raster image) with the safe headers.
    const dl = await get(alice, `/files/${info.id}`);
    assert.equal(dl.status, 200);
    assert.deepEqual(await bytes(dl), png);
    assert.equal(dl.headers.get('content-type'), 'image/png');
    assert.equal(dl.headers.get('content-disposition'), `inline; filename="r_d sirkel.png"; filename*=UTF-8''r%C3%B8d%20sirkel.png`);
    assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
    assert.match(dl.headers.get('content-security-policy') ?? '', /\bsandbox\b/);
    assert.match(dl.headers.get('cache-control') ?? '', /\bprivate\b/);
    assert.equal(dl.headers.get('content-length'), String(png.length));
    const forced = await get(alice, `/files/${info.id}?download=1`);
    assert.match(forced.headers.get('content-disposition') ?? '', /^attachment; /);
    await forced.arrayBuffer();
  });

  it('scales previews to at most 1920 wide and covers the thumbnail box; JPEG, GIF and WebP too', async () => {
    const wide = await sharp({ create: { width: 2400, height: 600, channels: 3, background: '#3a6' } }).jpeg().toBuffer();
    const gif = await sharp({ create: { width: 50, height: 80, channels: 3, background: '#a36' } }).gif().toBuffer();
    const webp = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#36a' } }).webp().toBuffer();
    const res = await upload(alice, [
      { name: 'wide.jpg', data: wide },
      { name: 'small.gif', data: gif },
      { name: 'photo.webp', data: webp },
    ]);
    const sizes = async (id: string, kind: 'thumbnail' | 'preview') => {
      const m = await sharp(await bytes(await get(alice, `/files/${id}/${kind}`))).metadata();
      return [m.format, m.width, m.height];
    };
    const [w, g, p] = res.file_infos;
    assert.deepEqual([w!.width, w!.height, w!.mime_type, g!.width, g!.height, g!.mime_type, p!.mime_type], [2400, 600, 'image/jpeg', 50, 80, 'image/gif', 'image/webp']);
    assert.deepEqual(await sizes(w!.id, 'preview'), ['jpeg', 1920, 480]);
    assert.deepEqual(await sizes(w!.id, 'thumbnail'), ['jpeg', 400, 100]);
    // Smaller than the box: kept as is.
    assert.deepEqual(await sizes(g!.id, 'thumbnail'), ['jpeg', 50, 80]);
    assert.deepEqual(await sizes(p!.id, 'thumbnail'), ['jpeg', 150, 100]);
  });

  it('keeps a corrupt image, and one over MaxImageResolution, as files without previews', async () => {
    const png = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#000' } }).png().toBuffer();
    const broken = await uploadOne(alice, { name: 'broken.png', data: Buffer.concat([png.subarray(0, 60), Buffer.alloc(40, 7)]) });
    assert.deepEqual([broken.has_preview_image, broken.width, broken.height, broken.mini_preview], [false, 0, 0, undefined]);
    const noThumb = await get(alice, `/files/${broken.id}/thumbnail`);
    assert.deepEqual([noThumb.status, ((await noThumb.json()) as { id: string }).id], [400, 'api.file.get_file_thumbnail.no_thumbnail.app_error']);
    assert.equal((await get(alice, `/files/${broken.id}/preview`)).status, 400);

    await admin.client.patchConfig({ FileSettings: { MaxImageResolution: 100 * 99 } } as never);
    try {
      const big = await uploadOne(alice, { name: 'big.png', data: png });
      assert.deepEqual([big.has_preview_image, big.width, big.height, big.mini_preview], [false, 100, 100, undefined]);
      assert.equal((await get(alice, `/files/${big.id}/preview`)).status, 400);
      assert.deepEqual(await bytes(await get(alice, `/files/${big.id}`)), png);
    } finally {
      await admin.client.patchConfig({ FileSettings: { MaxImageResolution: 33177600 } } as never);
    }
  });

  it('serves text, SVG and HTML as attachments with their own types, whatever the client declared', async () => {
    const res = await upload(alice, [
      { name: 'notes.txt', data: 'hei', type: 'text/html' },
      { name: 'logo.svg', data: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', type: 'image/svg+xml' },
      { name: 'page.html', data: '<script>alert(document.cookie)</script>', type: 'text/html' },
      { name: 'fake.png', data: '<html><script>alert(1)</script></html>', type: 'text/html' },
    ]);
    const [txt, svg, html, fake] = res.file_infos;
    assert.deepEqual(res.file_infos.map((f) => f.mime_type), ['text/plain', 'image/svg+xml', 'text/html', 'image/png']);
    for (const [f, type] of [[txt!, 'text/plain'], [svg!, 'image/svg+xml'], [html!, 'text/html']] as const) {
      for (const query of ['', '?download=0']) {
        const r = await get(alice, `/files/${f.id}${query}`);
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('content-type'), type);
        assert.equal(r.headers.get('content-disposition'), `attachment; filename="${f.name}"; filename*=UTF-8''${f.name}`);
        assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
        assert.match(r.headers.get('content-security-policy') ?? '', /\bsandbox\b/);
        assert.match(r.headers.get('cache-control') ?? '', /\bprivate\b/);
        await r.arrayBuffer();
      }
    }
    // HTML in a .png: not an image, never previewed; sent as image/png with nosniff, so a browser cannot run it.
    assert.equal(fake!.has_preview_image, false);
    const r = await get(alice, `/files/${fake!.id}`);
    assert.equal(r.headers.get('content-type'), 'image/png');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    await r.arrayBuffer();
  });

  it('stores a path-traversal name by its last component, inside the data directory', async () => {
    const before = await storedFiles();
    const res = await upload(alice, [
      { name: '../../etc/passwd', data: 'root:x:0:0' },
      { name: '..\\..\\boot.ini', data: '[boot]' },
    ]);
    const [a, b] = res.file_infos;
    assert.deepEqual([a!.name, b!.name], ['passwd', 'boot.ini']);
    const added = (await storedFiles()).filter((f) => !before.includes(f));
    assert.deepEqual(
      added.map((f) => f.replace(/^\d{8}\//, '')),
      [`teams/noteam/channels/${channel.id}/users/${alice.user.id}/${a!.id}/passwd`, `teams/noteam/channels/${channel.id}/users/${alice.user.id}/${b!.id}/boot.ini`].sort(),
    );
    assert.equal(await readFile(join(dataDir, added.find((f) => f.endsWith('/passwd'))!), 'utf8'), 'root:x:0:0');
  });

  it('accepts a raw body with ?channel_id=&filename=', async () => {
    const data = Buffer.from('raw bytes\u0000\u00ff');
    const r = await post(alice, `/files?channel_id=${channel.id}&filename=${encodeURIComponent('rå data.bin')}&client_id=c9`, data, 'application/octet-stream');
    assert.equal(r.status, 201);
    const res = (await r.json()) as FileUploadResponse;
    assert.deepEqual(res.client_ids, ['c9']);
    const info = res.file_infos[0]!;
    assert.deepEqual([info.name, info.extension, info.mime_type, info.size], ['rå data.bin', 'bin', 'application/octet-stream', data.length]);
    assert.deepEqual(await bytes(await get(alice, `/files/${info.id}`)), data);

    // Whatever the declared type (JSON included), the body is the file, not parsed.
    const json = await post(alice, `/files?channel_id=${channel.id}&filename=x.json`, '{"a":1}', 'application/json');
    assert.equal(json.status, 201);
    const jsonInfo = ((await json.json()) as FileUploadResponse).file_infos[0]!;
    assert.equal(await (await get(alice, `/files/${jsonInfo.id}`)).text(), '{"a":1}');

    const noName = await post(alice, `/files?channel_id=${channel.id}`, data, 'application/octet-stream');
    assert.equal(noName.status, 400);
    assert.equal(((await noName.json()) as { id: string }).id, 'api.context.invalid_param.app_error');
  });

  it('answers 413 over FileSettings.MaxFileSize and leaves nothing behind, on disk or in the database', async () => {
    await admin.client.patchConfig({ FileSettings: { MaxFileSize: 1024 } } as never);
    try {
      const beforeFiles = await storedFiles();
      const beforeRows = await channelFileIds();
      // Multipart, with Content-Length.
      await expectAppError(upload(alice, [{ name: 'ok.txt', data: 'x'.repeat(1024) }, { name: 'big.txt', data: 'x'.repeat(4096) }]), 413, 'api.file.upload_file.too_large_detailed.app_error');
      // Multipart, chunked: only the running count can catch it.
      const streamed = await streamUpload(alice, 'big.bin', 5000);
      assert.equal(streamed.status, 413);
      assert.equal(streamed.body.id, 'api.file.upload_file.too_large_detailed.app_error');
      // Raw, refused on its Content-Length before any byte is read.
      const raw = await post(alice, `/files?channel_id=${channel.id}&filename=big.bin`, Buffer.alloc(2048), 'application/octet-stream');
      assert.equal(raw.status, 413);
      await raw.arrayBuffer();
      assert.deepEqual(await storedFiles(), beforeFiles);
      assert.deepEqual(await channelFileIds(), beforeRows);
      // Exactly the limit is fine.
      assert.equal((await uploadOne(alice, { name: 'exact.txt', data: 'x'.repeat(1024) })).size, 1024);
    } finally {
      await admin.client.patchConfig({ FileSettings: { MaxFileSize: 104857600 } } as never);
    }
    await expectAppError(fileInfo(alice, newId()), 404);
  });

  it('lets only members of the file’s channel read it, and only those allowed upload to it', async () => {
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } }).png().toBuffer();
    const info = await uploadOne(alice, { name: 'secret.png', data: png });
    const carol = await makeUser(t, { username: 'carol' });
    for (const who of [bob, carol]) {
      for (const path of [`/files/${info.id}`, `/files/${info.id}/info`, `/files/${info.id}/thumbnail`, `/files/${info.id}/preview`]) {
        const r = await get(who, path);
        assert.equal(r.status, 403, `${who.user.username} ${path}`);
        assert.equal(((await r.json()) as { id: string }).id, 'api.context.permissions.app_error');
      }
    }
    assert.equal((await get(null, `/files/${info.id}`)).status, 401);
    // A system admin may read everything; a member who joins may read too.
    assert.equal((await fileInfo(admin, info.id)).id, info.id);
    const before = await storedFiles();
    await expectAppError(upload(bob, [{ name: 'x.txt', data: 'x' }]), 403);
    assert.deepEqual(await storedFiles(), before);
    await alice.client.addToChannel(bob.user.id, channel.id);
    try {
      assert.equal((await fileInfo(bob, info.id)).id, info.id);
    } finally {
      await alice.client.removeFromChannel(bob.user.id, channel.id);
    }
    await expectAppError(fileInfo(bob, info.id), 403);
  });

  it('attaches files to a post through file_ids, and lists them for those who may read the post', async () => {
    const a = await uploadOne(alice, { name: 'a.txt', data: 'a' });
    const b = await uploadOne(alice, { name: 'b.txt', data: 'b' });
    const p = await alice.client.createPost({ channel_id: channel.id, message: 'vedlagt', file_ids: [a.id, b.id] } as Post);
    const infos = (await alice.client.getFileInfosForPost(p.id)) as FileInfo[];
    assert.deepEqual(infos.map((f) => [f.id, f.post_id]), [[a.id, p.id], [b.id, p.id]]);
    assert.equal((await fileInfo(alice, a.id)).post_id, p.id);
    await expectAppError(bob.client.getFileInfosForPost(p.id), 403);
    assert.equal((await get(bob, `/files/${a.id}`)).status, 403);
    await expectAppError(alice.client.getFileInfosForPost(newId()), 404);
    // Deleting the post deletes its files.
    await alice.client.deletePost(p.id);
    await expectAppError(fileInfo(alice, a.id), 404);
    assert.equal((await get(alice, `/files/${b.id}`)).status, 404);
    await expectAppError(alice.client.getFileInfosForPost(p.id), 404);
    const deleted = await get(admin, `/posts/${p.id}/files/info?include_deleted=true`);
    assert.deepEqual(((await deleted.json()) as FileInfo[]).map((f) => f.id), [a.id, b.id]);
    assert.equal((await get(alice, `/posts/${p.id}/files/info?include_deleted=true`)).status, 403);
  });

  it('rejects malformed multipart with a 400 and stores nothing', async () => {
    const beforeFiles = await storedFiles();
    const beforeRows = await channelFileIds();
    const boundary = 'xyzzy';
    const type = `multipart/form-data; boundary=${boundary}`;
    const cases: Array<[string, string | Buffer, string, string]> = [
      ['no boundary', multipartBody(boundary, [fieldPart('channel_id', channel.id), filePart('a.txt', 'aaa')]), 'multipart/form-data', 'api.file.upload_file.malformed.app_error'],
      ['truncated in the file', multipartBody(boundary, [fieldPart('channel_id', channel.id), filePart('a.txt', 'a'.repeat(5000))], false).slice(0, -2000), type, 'api.file.upload_file.incomplete.app_error'],
      ['missing channel_id', multipartBody(boundary, [filePart('a.txt', 'aaa')]), type, 'api.file.upload_file.no_channel_id.app_error'],
      ['channel_id after the file', multipartBody(boundary, [filePart('a.txt', 'aaa'), fieldPart('channel_id', channel.id)]), type, 'api.file.upload_file.no_channel_id.app_error'],
      ['bad channel_id', multipartBody(boundary, [fieldPart('channel_id', 'nope'), filePart('a.txt', 'aaa')]), type, 'api.context.invalid_param.app_error'],
      ['no files', multipartBody(boundary, [fieldPart('channel_id', channel.id)]), type, 'api.file.upload_file.no_files.app_error'],
      ['not multipart inside', 'just some text', type, 'api.file.upload_file.malformed.app_error'],
      [
        'client_ids not matching the files',
        multipartBody(boundary, [fieldPart('channel_id', channel.id), fieldPart('client_ids', 'a'), fieldPart('client_ids', 'b'), filePart('a.txt', 'aaa')]),
        type,
        'api.file.upload_file.incorrect_number_of_client_ids.app_error',
      ],
      ['broken part header', `--${boundary}\r\nContent-Disposition: form-data; name="channel_id"\r\n${'x'.repeat(90000)}`, type, 'api.file.upload_file.malformed.app_error'],
    ];
    for (const [what, body, contentType, id] of cases) {
      const r = await post(alice, '/files', body, contentType);
      const err = (await r.json()) as { id: string; status_code: number };
      assert.deepEqual([r.status, err.status_code, err.id], [400, 400, id], `${what}: ${JSON.stringify(err)}`);
    }
    assert.deepEqual(await storedFiles(), beforeFiles);
    assert.deepEqual(await channelFileIds(), beforeRows);
  });

  it('streams a 50 MB upload to disk without holding it in memory', async () => {
    const SIZE = 50 * 1024 * 1024;
    // Two full collections: the first frees unreachable buffers, the second finishes releasing their backing stores,
    // which V8 otherwise sweeps (and stops counting) a little later.
    const settle = () => {
      gc();
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const base = settle();
    let peak = 0;
    // Every 4 MiB sent, measure what is still held: a server that buffered the body would hold all of it so far.
    const res = await streamUpload(alice, 'stor.bin', SIZE, (sent) => {
      if (sent % (4 * 1024 * 1024) === 0) peak = Math.max(peak, settle() - base);
    });
    const after = settle() - base;
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const info = (res.body.file_infos as FileInfo[])[0]!;
    assert.equal(info.size, SIZE);
    assert.ok(peak < 8 * 1024 * 1024, `live memory grew by ${peak} bytes during a ${SIZE}-byte upload`);
    assert.ok(after < 8 * 1024 * 1024, `live memory grew by ${after} bytes after a ${SIZE}-byte upload`);

    // The download streams back the same bytes.
    const dl = await get(alice, `/files/${info.id}`);
    const hash = createHash('sha256');
    for await (const chunk of dl.body!) hash.update(chunk);
    assert.equal(hash.digest('hex'), res.sha256);
  });

  it('leaves no file behind when the client aborts mid-upload', async () => {
    const beforeFiles = await storedFiles();
    const beforeRows = await channelFileIds();
    const activity = uploadActivity(t.server.ctx);
    const started = once(activity, 'file');
    const boundary = 'abort';
    const url = new URL(t.url);
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: '/api/v4/files',
      headers: { Authorization: `Bearer ${alice.token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    });
    req.on('error', () => undefined);
    req.write(multipartBody(boundary, [fieldPart('channel_id', channel.id)], false) + `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="half.bin"\r\n\r\n`);
    req.write(Buffer.alloc(256 * 1024, 1));
    await started;
    req.destroy();
    await activity.idle();
    assert.deepEqual(await storedFiles(), beforeFiles);
    assert.deepEqual(await channelFileIds(), beforeRows);
  });

  it('honours a byte range', async () => {
    const info = await uploadOne(alice, { name: 'video.mp4', data: '0123456789' });
    const r = await get(alice, `/files/${info.id}`, { Range: 'bytes=2-5' });
    assert.equal(r.status, 206);
    assert.equal(r.headers.get('content-range'), 'bytes 2-5/10');
    assert.equal(await r.text(), '2345');
    const tail = await get(alice, `/files/${info.id}`, { Range: 'bytes=-3' });
    assert.equal(await tail.text(), '789');
    const bad = await get(alice, `/files/${info.id}`, { Range: 'bytes=10-' });
    assert.equal(bad.status, 416);
    assert.equal(bad.headers.get('content-range'), 'bytes */10');
    await bad.arrayBuffer();
  });

  it('answers 501 with attachments disabled, for every file route', async () => {
    const info = await uploadOne(alice, { name: 'l.txt', data: 'l' });
    await admin.client.patchConfig({ FileSettings: { EnableFileAttachments: false } } as never);
    try {
      await expectAppError(upload(alice, [{ name: 'x.txt', data: 'x' }]), 501, 'api.file.attachments.disabled.app_error');
      await expectAppError(fileInfo(alice, info.id), 501);
      assert.equal((await get(alice, `/files/${info.id}`)).status, 501);
    } finally {
      await admin.client.patchConfig({ FileSettings: { EnableFileAttachments: true } } as never);
    }
    assert.equal((await fileInfo(alice, info.id)).id, info.id);
  });

  it('leaves the JSON API untouched beside the upload scope', async () => {
    const r = await api(t, alice, 'POST', '/channels', '{not json');
    assert.equal(r.status, 400);
  });
});
