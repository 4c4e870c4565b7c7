import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { UserProfile } from '@mattermost/types/users';
import { describeEachDatabase, expectAppError, makeUser, startTestServer, type TestServer, type TestUser } from '../test/server.ts';
import { recordEvents } from '../test/teams-channels.ts';
import { colourOf, initialsOf } from '../app/profile-images.ts';

describeEachDatabase('profile images', (driver) => {
  let t: TestServer;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let dataDir: string;
  let events: ReturnType<typeof recordEvents>;

  before(async () => {
    t = await startTestServer(driver);
    dataDir = t.server.ctx.config.get().FileSettings.Directory;
    admin = await makeUser(t, { username: 'admin' });
    alice = await makeUser(t, { username: 'alice', first_name: 'Åse', last_name: 'Berg' } as Partial<UserProfile>);
    bob = await makeUser(t, { username: 'bob' });
    events = recordEvents(t);
  });
  after(() => t.close());

  const get = (who: TestUser | null, path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/v4${path}`, { headers: { ...(who ? { Authorization: `Bearer ${who.token}` } : {}), ...headers } });
  const png = async (r: Response) => Buffer.from(await r.arrayBuffer());
  /** The colour of the picture's top-left pixel, as #rrggbb. */
  const corner = async (image: Buffer) => {
    const { data } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return `#${[data[0]!, data[1]!, data[2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  };
  const solid = (width: number, height: number, colour: string, format: 'jpeg' | 'png' | 'webp' = 'jpeg') =>
    format === 'webp'
      ? sharp({ create: { width, height, channels: 3, background: colour } }).webp({ lossless: true }).toBuffer()
      : sharp({ create: { width, height, channels: 3, background: colour } })[format]().toBuffer();
  const blob = (data: Buffer, type = 'image/jpeg') => new File([Uint8Array.from(data)], 'picture', { type });
  const userNow = (u: TestUser) => admin.client.getUser(u.user.id);
  const leftovers = async (userId: string) => (await readdir(join(dataDir, 'users', userId)).catch(() => [] as string[])).filter((n) => n !== 'profile.png');

  it('draws a default picture: the initials on a colour from the user id, revalidated by ETag', async () => {
    assert.equal(initialsOf({ username: 'alice', first_name: 'Åse', last_name: 'Berg' }), 'ÅB');
    assert.equal(initialsOf({ username: '_bob', first_name: '', last_name: '' }), 'B');
    const r = await get(bob, `/users/${alice.user.id}/image`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/png');
    assert.equal(r.headers.get('cache-control'), 'private, no-cache');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    const etag = r.headers.get('etag')!;
    assert.match(etag, /^"d[\w-]+"$/);
    const image = await png(r);
    const meta = await sharp(image).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 128, 128]);
    assert.equal(await corner(image), colourOf(alice.user.id));
    // Some pixels are the white initials.
    const { data } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let white = 0;
    for (let i = 0; i < data.length; i += 3) if (data[i]! > 240 && data[i + 1]! > 240 && data[i + 2]! > 240) white++;
    assert.ok(white > 200, `${white} white pixels`);

    const again = await get(bob, `/users/${alice.user.id}/image`, { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal((await again.arrayBuffer()).byteLength, 0);
    const byDefault = await get(alice, `/users/${alice.user.id}/image/default`);
    assert.equal(byDefault.status, 200);
    assert.deepEqual(await png(byDefault), image);
    assert.notEqual(await corner(await png(await get(alice, `/users/${admin.user.id}/image`))), undefined);
  });

  it('stores an upload as a 128×128 PNG cropped to the middle, moves last_picture_update and tells everyone', async () => {
    const before = await userNow(alice);
    assert.equal(before.last_picture_update, 0);
    events.take();
    // A wide image: red in the middle, blue at the sides, which the crop cuts away.
    const wide = await sharp({ create: { width: 600, height: 200, channels: 3, background: '#0000ff' } })
      .composite([{ input: await solid(200, 200, '#ff0000', 'png'), left: 200, top: 0 }])
      .jpeg()
      .toBuffer();
    const r = await alice.client.uploadProfileImage(alice.user.id, blob(wide));
    assert.deepEqual(r, { status: 'OK' });
    const after = await userNow(alice);
    assert.ok(after.last_picture_update >= before.update_at, 'last_picture_update is the upload time');
    assert.ok(after.update_at >= after.last_picture_update);
    const updated = events.take().filter((e) => e.event === 'user_updated');
    assert.equal(updated.length, 1);
    assert.equal((updated[0]!.data.user as UserProfile).last_picture_update, after.last_picture_update);
    assert.equal((updated[0]!.data.user as UserProfile).password, '');

    const url = alice.client.getProfilePictureUrl(alice.user.id, after.last_picture_update).replace(/^.*\/api\/v4/, '');
    assert.match(url, /\?_=\d+$/);
    const res = await get(bob, url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'private, max-age=31536000, immutable');
    assert.equal(res.headers.get('etag'), `"p${after.last_picture_update}"`);
    const image = await png(res);
    const meta = await sharp(image).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 128, 128]);
    const { data } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const mid = (64 * 128 + 64) * 3;
    assert.ok(data[mid]! > 200 && data[mid + 2]! < 60, 'the middle is red');
    assert.ok(data[0]! > 200 && data[2]! < 60, 'the sides were cropped away');
    // Without the version (or with an old one) the browser revalidates.
    assert.equal((await get(bob, `/users/${alice.user.id}/image`)).headers.get('cache-control'), 'private, no-cache');
    assert.equal((await get(bob, `/users/${alice.user.id}/image?_=1`)).headers.get('cache-control'), 'private, no-cache');
    assert.equal((await get(bob, `/users/${alice.user.id}/image`, { 'If-None-Match': `"p${after.last_picture_update}"` })).status, 304);
    // The default stays available beside the upload.
    assert.equal(await corner(await png(await get(bob, `/users/${alice.user.id}/image/default`))), colourOf(alice.user.id));
    assert.deepEqual(await leftovers(alice.user.id), []);

    // A second upload replaces the first and gets a new version.
    await alice.client.uploadProfileImage(alice.user.id, blob(await solid(64, 64, '#00ff00', 'webp'), 'image/webp'));
    const third = await userNow(alice);
    assert.ok(third.last_picture_update > after.last_picture_update);
    const green = await png(await get(bob, `/users/${alice.user.id}/image`));
    assert.equal(await corner(green), '#00ff00');
    assert.equal((await sharp(green).metadata()).width, 128, 'small images are scaled up to 128×128, as Mattermost');
  });

  it('refuses what is not an image, a missing field, too many bytes and too many pixels, changing nothing', async () => {
    const before = await userNow(alice);
    const current = await png(await get(alice, `/users/${alice.user.id}/image`));
    await expectAppError(alice.client.uploadProfileImage(alice.user.id, blob(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml')), 400, 'api.user.upload_profile_user.decode.app_error');
    await expectAppError(alice.client.uploadProfileImage(alice.user.id, blob(Buffer.from('not an image at all'), 'image/png')), 400, 'api.user.upload_profile_user.decode.app_error');
    const truncated = (await solid(300, 300, '#123456', 'png')).subarray(0, 200);
    await expectAppError(alice.client.uploadProfileImage(alice.user.id, blob(truncated, 'image/png')), 400, 'api.user.upload_profile_user.decode.app_error');

    const noField = new FormData();
    noField.append('picture', blob(await solid(10, 10, '#ffffff')));
    const r1 = await fetch(`${t.url}/api/v4/users/${alice.user.id}/image`, { method: 'POST', headers: { Authorization: `Bearer ${alice.token}` }, body: noField });
    assert.equal(r1.status, 400);
    assert.equal(((await r1.json()) as { id: string }).id, 'api.user.upload_profile_user.no_file.app_error');
    const raw = await fetch(`${t.url}/api/v4/users/${alice.user.id}/image`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${alice.token}`, 'Content-Type': 'image/png' },
      body: Uint8Array.from(await solid(10, 10, '#ffffff', 'png')),
    });
    assert.equal(raw.status, 400);

    await admin.client.patchConfig({ FileSettings: { MaxFileSize: 2048 } } as never);
    try {
      const noisy = await sharp(Buffer.from(Array.from({ length: 200 * 200 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 200, height: 200, channels: 3 } }).png().toBuffer();
      assert.ok(noisy.length > 2048);
      await expectAppError(alice.client.uploadProfileImage(alice.user.id, blob(noisy, 'image/png')), 413, 'api.user.upload_profile_user.too_large.app_error');
    } finally {
      await admin.client.patchConfig({ FileSettings: { MaxFileSize: 104857600 } } as never);
    }
    await admin.client.patchConfig({ FileSettings: { MaxImageResolution: 100 * 100 } } as never);
    try {
      await expectAppError(alice.client.uploadProfileImage(alice.user.id, blob(await solid(101, 100, '#ffffff'))), 400, 'api.user.upload_profile_user.check_image_limits.app_error');
    } finally {
      await admin.client.patchConfig({ FileSettings: { MaxImageResolution: 33177600 } } as never);
    }
    const after = await userNow(alice);
    assert.equal(after.last_picture_update, before.last_picture_update);
    assert.deepEqual(await png(await get(alice, `/users/${alice.user.id}/image`)), current);
    assert.deepEqual(await leftovers(alice.user.id), []);
  });

  it('lets only the user themself or a system admin change a picture; any signed-in user may read one', async () => {
    const before = await userNow(alice);
    const img = await solid(50, 50, '#ff00ff', 'png');
    await expectAppError(bob.client.uploadProfileImage(alice.user.id, blob(img)), 403);
    await expectAppError(bob.client.setDefaultProfileImage(alice.user.id), 403);
    assert.equal((await userNow(alice)).last_picture_update, before.last_picture_update);
    assert.equal((await get(null, `/users/${alice.user.id}/image`)).status, 401);
    assert.equal((await get(null, `/users/${alice.user.id}/image/default`)).status, 401);
    assert.equal((await get(bob, `/users/${'x'.repeat(26)}/image`)).status, 404);
    assert.equal((await get(bob, `/users/nope/image`)).status, 400);
    await expectAppError(admin.client.uploadProfileImage('x'.repeat(26), blob(img)), 404);

    await admin.client.uploadProfileImage(bob.user.id, blob(img, 'image/png'));
    assert.equal(await corner(await png(await get(alice, `/users/${bob.user.id}/image`))), '#ff00ff');
    const me = await fetch(`${t.url}/api/v4/users/me/image`, { method: 'DELETE', headers: { Authorization: `Bearer ${bob.token}` } });
    assert.equal(me.status, 200);
  });

  it('goes back to the default picture on DELETE, under a new version', async () => {
    const before = await userNow(alice);
    assert.ok(before.last_picture_update > 0);
    events.take();
    assert.deepEqual(await alice.client.setDefaultProfileImage(alice.user.id), { status: 'OK' });
    const after = await userNow(alice);
    assert.ok(after.last_picture_update < 0, 'negative: removed, and still a new cache key');
    assert.notEqual(after.last_picture_update, before.last_picture_update);
    assert.ok(events.take().some((e) => e.event === 'user_updated' && (e.data.user as UserProfile).last_picture_update === after.last_picture_update));
    const r = await get(bob, alice.client.getProfilePictureUrl(alice.user.id, after.last_picture_update).replace(/^.*\/api\/v4/, ''));
    assert.equal(r.headers.get('cache-control'), 'private, no-cache');
    assert.equal(await corner(await png(r)), colourOf(alice.user.id));
    assert.deepEqual(await readdir(join(dataDir, 'users', alice.user.id)), []);
    // Deleting again is harmless.
    await alice.client.setDefaultProfileImage(alice.user.id);
  });
});
