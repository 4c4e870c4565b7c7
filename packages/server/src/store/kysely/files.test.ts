// FileStore conformance: the same tests against every dialect.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type KyselyStore } from './store.ts';
import { createPostgresDatabase, DRIVERS } from '../../test/database.ts';
import { newId } from '../../app/ids.ts';
import type { FileInfoRecord } from '../files.ts';

let clock = 1_700_000_000_000;

function fileRecord(fields: Partial<FileInfoRecord> = {}): FileInfoRecord {
  const now = (clock += 1000);
  const id = newId();
  return {
    id,
    creator_id: newId(),
    post_id: '',
    channel_id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    path: `20240101/teams/noteam/channels/c/users/u/${id}/a.png`,
    thumbnail_path: '',
    preview_path: '',
    name: 'a.png',
    extension: 'png',
    size: 123,
    mime_type: 'image/png',
    width: 0,
    height: 0,
    has_preview_image: false,
    mini_preview: null,
    ...fields,
  };
}

for (const { driver, skip } of DRIVERS) {
  describe(`FileStore [${driver}]`, { skip }, () => {
    let store: KyselyStore;
    let dir: string;
    let drop: () => Promise<void> = async () => undefined;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'prat-files-store-'));
      let dataSource = join(dir, 'prat.db');
      if (driver === 'postgres') {
        const pg = await createPostgresDatabase();
        dataSource = pg.url;
        drop = pg.drop;
      }
      store = await openStore({ driver, dataSource });
    });
    after(async () => {
      await store.close();
      await drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('stores and reads back every field, booleans and big sizes included', async () => {
      const f = fileRecord({ size: 5_000_000_000, width: 4000, height: 3000, has_preview_image: true, mini_preview: 'AAEC', thumbnail_path: 't.jpg', preview_path: 'p.jpg', name: 'Blåbær ✓.png' });
      await store.files.insert([f]);
      assert.deepEqual(await store.files.get(f.id), f);
      assert.equal(await store.files.get(newId()), undefined);
      assert.deepEqual(await store.files.getMany([]), []);
      assert.deepEqual((await store.files.getMany([f.id, newId()])).map((x) => x.id), [f.id]);
    });

    it('attaches only the creator’s unattached, undeleted files of the post’s channel', async () => {
      const user = newId();
      const channel = newId();
      const mine = fileRecord({ creator_id: user, channel_id: channel });
      const mine2 = fileRecord({ creator_id: user, channel_id: channel });
      const someoneElses = fileRecord({ channel_id: channel });
      const otherChannel = fileRecord({ creator_id: user });
      const deleted = fileRecord({ creator_id: user, channel_id: channel, delete_at: 5 });
      await store.files.insert([mine, mine2, someoneElses, otherChannel, deleted]);
      const post = newId();
      const ids = [mine.id, mine2.id, someoneElses.id, otherChannel.id, deleted.id, newId()];
      assert.equal(await store.tx((s) => s.files.attachToPost(ids, post, channel, user)), 2);
      assert.deepEqual((await store.files.forPost(post)).map((f) => f.id), [mine.id, mine2.id]);
      // Already attached: a second post cannot take them.
      assert.equal(await store.files.attachToPost([mine.id], newId(), channel, user), 0);
      assert.equal(await store.files.attachToPost([], post, channel, user), 0);
      assert.equal((await store.files.get(someoneElses.id))?.post_id, '');
    });

    it('soft-deletes a post’s files and lists them only when asked', async () => {
      const user = newId();
      const channel = newId();
      const a = fileRecord({ creator_id: user, channel_id: channel });
      const b = fileRecord({ creator_id: user, channel_id: channel });
      await store.files.insert([a, b]);
      const post = newId();
      await store.files.attachToPost([a.id, b.id], post, channel, user);
      assert.deepEqual((await store.files.deleteForPost(post, 99)).sort(), [a.id, b.id].sort());
      assert.deepEqual(await store.files.forPost(post), []);
      const all = await store.files.forPost(post, true);
      assert.deepEqual(all.map((f) => [f.id, f.delete_at, f.update_at]), [[a.id, 99, 99], [b.id, 99, 99]]);
      assert.deepEqual(await store.files.deleteForPost(post, 100), []);
    });

    it('lists a channel’s files newest first, without deleted ones, by page', async () => {
      const channel = newId();
      const files = [fileRecord({ channel_id: channel }), fileRecord({ channel_id: channel }), fileRecord({ channel_id: channel }), fileRecord({ channel_id: channel, delete_at: 1 })];
      await store.files.insert(files);
      const [f0, f1, f2] = files;
      assert.deepEqual((await store.files.forChannel(channel, { page: 0, perPage: 2 })).map((f) => f.id), [f2!.id, f1!.id]);
      assert.deepEqual((await store.files.forChannel(channel, { page: 1, perPage: 2 })).map((f) => f.id), [f0!.id]);
    });
  });
}
