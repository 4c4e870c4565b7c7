import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, FileInfosTable } from './schema.ts';
import type { FileInfoRecord, FileSearch, FileStore } from '../files.ts';
import type { Page } from '../store.ts';
import { bool, ilike, offsetOf } from './util.ts';

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
      .set({ post_id: postId, delete_at: 0 })
      .where('id', 'in', fileIds)
      .where('creator_id', '=', userId)
      .where('channel_id', '=', channelId)
      .where((eb) => eb.or([eb.and([eb('post_id', '=', ''), eb('delete_at', '=', 0)]), eb('post_id', '=', postId)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async deleteForPost(postId: string, at: number, only?: string[]): Promise<string[]> {
    if (only?.length === 0) return [];
    const rows = await this.db
      .updateTable('file_infos')
      .set({ delete_at: at, update_at: at })
      .where('post_id', '=', postId)
      .where('delete_at', '=', 0)
      .$if(only !== undefined, (q) => q.where('id', 'in', only!))
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async search(q: FileSearch): Promise<FileInfoRecord[]> {
    if (q.fromUserIds?.length === 0 || q.inChannelNames?.length === 0) return [];
    const named = (words: string[]) => ilike(sql.ref('f.name'), namePattern(words));
    let query = this.db
      .selectFrom('file_infos as f')
      .innerJoin('channel_members as cm', (j) => j.onRef('cm.channel_id', '=', 'f.channel_id').on('cm.user_id', '=', q.userId))
      .innerJoin('channels as c', 'c.id', 'f.channel_id')
      .selectAll('f')
      .where('f.delete_at', '=', 0)
      // Uploads not (yet) attached to a post are drafts, not shared files.
      .where('f.post_id', '<>', '');
    if (q.teamId !== undefined) {
      const teamId = q.teamId;
      query = query.where((eb) => eb.or([eb('c.team_id', '=', teamId), eb('c.team_id', '=', '')]));
    }
    if (!q.includeArchivedChannels) query = query.where('c.delete_at', '=', 0);
    if (q.terms.length > 0) {
      const terms = q.terms;
      query = query.where((eb) => (q.anyTerm ? eb.or(terms.map(named)) : eb.and(terms.map(named))));
    }
    for (const t of q.excludedTerms) query = query.where((eb) => eb.not(named(t)));
    if (q.extensions.length > 0) query = query.where('f.extension', 'in', q.extensions);
    if (q.excludedExtensions.length > 0) query = query.where('f.extension', 'not in', q.excludedExtensions);
    if (q.fromUserIds) query = query.where('f.creator_id', 'in', q.fromUserIds);
    if (q.excludedUserIds.length > 0) query = query.where('f.creator_id', 'not in', q.excludedUserIds);
    if (q.inChannelNames) query = query.where('c.name', 'in', q.inChannelNames);
    if (q.excludedChannelNames.length > 0) query = query.where('c.name', 'not in', q.excludedChannelNames);
    if (q.since !== undefined) query = query.where('f.create_at', '>=', q.since);
    if (q.until !== undefined) query = query.where('f.create_at', '<', q.until);
    for (const t of q.excludedTimes) query = query.where((eb) => eb.or([eb('f.create_at', '<', t.since), eb('f.create_at', '>=', t.until)]));
    const rows = await query.orderBy('f.create_at', 'desc').orderBy('f.id', 'desc').limit(q.limit).offset(q.offset).execute();
    return rows.map(toRecord);
  }
}

/** `%w1%w2%`, lower case, LIKE wildcards in the words escaped: the words in this order anywhere in the name. */
function namePattern(words: string[]): string {
  return `%${words.map((w) => w.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)).join('%')}%`;
}
