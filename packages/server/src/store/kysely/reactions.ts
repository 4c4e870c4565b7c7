import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import type { ReactionRecord, ReactionStore } from '../posts.ts';

export class KyselyReactionStore implements ReactionStore {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(reaction: ReactionRecord): Promise<boolean> {
    // ON CONFLICT DO NOTHING: reacting twice is no change, and a PostgreSQL transaction stays usable.
    const r = await this.db
      .insertInto('reactions')
      .values(reaction)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async remove(postId: string, userId: string, emojiName: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('reactions')
      .where('post_id', '=', postId)
      .where('user_id', '=', userId)
      .where('emoji_name', '=', emojiName)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async forPosts(postIds: string[]): Promise<ReactionRecord[]> {
    if (postIds.length === 0) return [];
    return this.db
      .selectFrom('reactions')
      .selectAll()
      .where('post_id', 'in', postIds)
      .orderBy('create_at')
      .orderBy('user_id')
      .orderBy('emoji_name')
      .execute();
  }

  async emojiNames(postId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('reactions').select('emoji_name').distinct().where('post_id', '=', postId).execute();
    return rows.map((r) => r.emoji_name);
  }
}
