import type { Kysely, Selectable } from 'kysely';
import type { DB, FileInfosTable } from './schema.ts';
import type { FileInfoRecord, FileStore } from '../files.ts';
import type { Page } from '../store.ts';
import { bool, offsetOf } from './util.ts';

const toRecord = (r: Selectable<FileInfosTable>): FileInfoRecord => ({ ...r, has_preview_image: bool(r.has_preview_image) });

export class KyselyFileStore implements FileStore {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(files: FileInfoRecord[]): Promise<void> {
    if (files.length === 0) return;
    await this.db.insertInto('file_infos').values(files).execute();
  }

  async get(id: string): Promise<FileInfoRecord | undefined> {
    const r = await this.db.selectFrom('file_infos').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRecord(r);
  }

  async getMany(ids: string[]): Promise<FileInfoRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('file_infos').selectAll().where('id', 'in', ids).execute();
    return rows.map(toRecord);
  }

  async forPost(postId: string, includeDeleted = false): Promise<FileInfoRecord[]> {
    let q = this.db.selectFrom('file_infos').selectAll().where('post_id', '=', postId);
    if (!includeDeleted) q = q.where('delete_at', '=', 0);
    const rows = await q.orderBy('create_at').orderBy('id').execute();
    return rows.map(toRecord);
  }

  async forChannel(channelId: string, page: Page): Promise<FileInfoRecord[]> {
    const rows = await this.db
      .selectFrom('file_infos')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('delete_at', '=', 0)
      .orderBy('create_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.perPage)
      .offset(offsetOf(page))
      .execute();
    return rows.map(toRecord);
  }

  async attachToPost(fileIds: string[], postId: string, channelId: string, userId: string): Promise<number> {
    if (fileIds.length === 0) return 0;
    const r = await this.db
      .updateTable('file_infos')
      .set({ post_id: postId })
      .where('id', 'in', fileIds)
      .where('creator_id', '=', userId)
      .where('channel_id', '=', channelId)
      .where('post_id', '=', '')
      .where('delete_at', '=', 0)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async deleteForPost(postId: string, at: number): Promise<string[]> {
    const rows = await this.db
      .updateTable('file_infos')
      .set({ delete_at: at, update_at: at })
      .where('post_id', '=', postId)
      .where('delete_at', '=', 0)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }
}
