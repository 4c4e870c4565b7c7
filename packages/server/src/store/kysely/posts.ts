import { sql, type Expression, type Kysely, type Selectable } from 'kysely';
import type { DB, PostsTable } from './schema.ts';
import type { ChannelPostsQuery, FlaggedPostsQuery, MentionCandidate, PostChanges, PostRecord, PostStore, ThreadQuery, UnreadState } from '../posts.ts';
import { bool, parseJson } from './util.ts';
import { dialectOf } from './dialect.ts';

/** A post from its row, built as one literal (a copy of the row spread into another made cold pages ≈ 60 KB larger). */
export const toPost = (r: Selectable<PostsTable>): PostRecord => ({
  id: r.id,
  create_at: r.create_at,
  update_at: r.update_at,
  edit_at: r.edit_at,
  delete_at: r.delete_at,
  is_pinned: bool(r.is_pinned),
  user_id: r.user_id,
  channel_id: r.channel_id,
  root_id: r.root_id,
  original_id: r.original_id,
  message: r.message,
  type: r.type,
  props: parseJson(r.props, {}),
  hashtags: r.hashtags,
  file_ids: parseJson(r.file_ids, []),
  pending_post_id: r.pending_post_id,
  has_reactions: bool(r.has_reactions),
  remote_id: r.remote_id,
  reply_count: r.reply_count,
  last_reply_at: r.last_reply_at,
});

function postRow<T extends Partial<PostRecord>>(p: T) {
  const { props, file_ids, ...rest } = p;
  return {
    ...rest,
    ...(props === undefined ? {} : { props: JSON.stringify(props) }),
    ...(file_ids === undefined ? {} : { file_ids: JSON.stringify(file_ids) }),
  };
}

/**
 * The channel's newest post change and how many posts share its millisecond (so two changes in one millisecond still
 * differ), as two scalar subqueries on a channel id expression, to select on their own or beside other columns. Each
 * lookup is served by idx_posts_channel_update_at, whatever the channel's size.
 */
export function lastPostChange(channelId: Expression<string>) {
  const newest = sql`(select max(update_at) from posts where channel_id = ${channelId})`;
  return [
    sql<number | string | null>`${newest}`.as('last_update_at'),
    sql<number | string>`(select count(*) from posts where channel_id = ${channelId} and update_at = ${newest})`.as('last_update_count'),
  ] as const;
}

export type LastPostChangeRow = { last_update_at: number | string | null; last_update_count: number | string };

export const toLastChange = (r: Partial<LastPostChangeRow>) => ({
  update_at: Number(r.last_update_at ?? 0),
  count: Number(r.last_update_count ?? 0),
});

// The largest IN list one statement carries; far below both dialects' parameter limits.
const IN_CHUNK = 5000;

export class KyselyPostStore implements PostStore {
  private readonly sqlite: boolean;

  constructor(private readonly db: Kysely<DB>) {
    this.sqlite = dialectOf(db as Kysely<unknown>) === 'sqlite';
  }

  private live(channelId: string, rootsOnly: boolean) {
    let q = this.db.selectFrom('posts').selectAll().where('channel_id', '=', channelId).where('delete_at', '=', 0);
    // coalesce() keeps the planner on (channel_id, create_at): an index on root_id would scan every channel's roots.
    if (rootsOnly) q = q.where(sql<string>`coalesce(root_id, '')`, '=', '');
    return q;
  }

  async insert(post: PostRecord): Promise<void> {
    await this.db.insertInto('posts').values(postRow(post)).execute();
  }

  async get(id: string): Promise<PostRecord | undefined> {
    const r = await this.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toPost(r);
  }

  async getMany(ids: string[]): Promise<PostRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('posts').selectAll().where('id', 'in', ids).execute();
    return rows.map(toPost);
  }

  async update(id: string, changes: PostChanges): Promise<void> {
    if (Object.keys(changes).length === 0) return;
    await this.db.updateTable('posts').set(postRow(changes)).where('id', '=', id).execute();
  }

  /** A page's query: newest first, or oldest first counting up from `after` (callers reverse that). */
  private pageQuery(q: ChannelPostsQuery) {
    let query = this.live(q.channelId, q.rootsOnly);
    if (q.before !== undefined) query = query.where('create_at', '<', q.before);
    if (q.after !== undefined) query = query.where('create_at', '>', q.after);
    return query
      .orderBy('create_at', q.after !== undefined ? 'asc' : 'desc')
      .limit(q.perPage)
      .offset(q.offset ?? q.page * q.perPage);
  }

  async channelPage(q: ChannelPostsQuery): Promise<PostRecord[]> {
    const posts = (await this.pageQuery(q).execute()).map(toPost);
    return q.after !== undefined ? posts.reverse() : posts;
  }

  async pageWithThreads(q: ChannelPostsQuery, withReplies: boolean): Promise<{ page: PostRecord[]; threads: PostRecord[] }> {
    if (this.sqlite) {
      // In-process, two plain statements cost less than the compound one below (0.97 against 1.10 ms for a page of
      // a busy channel): there is no round trip to save.
      const page = await this.channelPage(q);
      const onPage = new Set(page.map((p) => p.id));
      const roots = [...new Set(page.map((p) => p.root_id).filter((id) => id !== ''))];
      return { page, threads: (await this.threads(q.channelId, roots, withReplies)).filter((p) => !onPage.has(p.id)) };
    }
    // PostgreSQL: one statement, one round trip. The page as a CTE, then the roots its replies name and (withReplies)
    // every reply of those roots, each arm served by its own index (primary key; root_id, create_at) as in threads().
    // `part` says which arm a row came from.
    const t = this.db.withTables<{ page: Selectable<PostsTable> }>();
    const pageRoots = t.selectFrom('page').select('root_id').where('root_id', '!=', '');
    const arm = (part: number) => sql<number>`${sql.lit(part)}`.as('part');
    let query = this.db
      .with('page', () => this.pageQuery(q))
      .selectFrom('page')
      .selectAll()
      .select(arm(0))
      .unionAll(t.selectFrom('posts').selectAll().select(arm(1)).where('id', 'in', pageRoots).where('delete_at', '=', 0));
    if (withReplies) query = query.unionAll(t.selectFrom('posts').selectAll().select(arm(2)).where('root_id', 'in', pageRoots).where('delete_at', '=', 0));
    const rows = await query.execute();
    const page = rows.filter((r) => Number(r.part) === 0);
    const onPage = new Set(page.map((r) => r.id));
    // Roots from this channel only; replies only of those roots (as threads()).
    const roots = rows.filter((r) => Number(r.part) === 1 && r.channel_id === q.channelId);
    const found = new Set(roots.map((r) => r.id));
    const replies = rows.filter((r) => Number(r.part) === 2 && found.has(r.root_id));
    return {
      page: page.map(toPost).sort((a, b) => b.create_at - a.create_at),
      threads: [...roots, ...replies].filter((r) => !onPage.has(r.id)).map(toPost).sort((a, b) => a.create_at - b.create_at),
    };
  }

  async changedSince(channelId: string, time: number, rootsOnly: boolean, limit: number): Promise<PostRecord[]> {
    // Edit history rows (original_id set) are hidden versions, never changes clients should see.
    let q = this.db.selectFrom('posts').selectAll().where('channel_id', '=', channelId).where('update_at', '>', time).where('original_id', '=', '');
    if (rootsOnly) q = q.where(sql<string>`coalesce(root_id, '')`, '=', '');
    const rows = await q.orderBy('update_at').limit(limit).execute();
    return rows.map(toPost);
  }

  async threads(channelId: string, rootIds: string[], withReplies: boolean): Promise<PostRecord[]> {
    if (rootIds.length === 0) return [];
    // Two lookups rather than one OR, so each is served by its index (primary key; root_id, create_at), in one
    // statement (UNION ALL). The channel is checked below rather than in SQL, which would only tempt a planner off
    // these indexes.
    const rootsQuery = this.db.selectFrom('posts').selectAll().where('id', 'in', rootIds).where('delete_at', '=', 0);
    const rows = withReplies
      ? await rootsQuery.unionAll(this.db.selectFrom('posts').selectAll().where('root_id', 'in', rootIds).where('delete_at', '=', 0)).execute()
      : await rootsQuery.execute();
    const wanted = new Set(rootIds);
    const roots = rows.filter((r) => wanted.has(r.id));
    const replies = rows.filter((r) => wanted.has(r.root_id));
    const found = new Set(roots.filter((r) => r.channel_id === channelId).map((r) => r.id));
    return [...roots.filter((r) => found.has(r.id)), ...replies.filter((r) => found.has(r.root_id))].map(toPost).sort((a, b) => a.create_at - b.create_at);
  }

  async neighbour(channelId: string, createAt: number, direction: 'older' | 'newer', rootsOnly: boolean): Promise<PostRecord | undefined> {
    const older = direction === 'older';
    const r = await this.live(channelId, rootsOnly)
      .where('create_at', older ? '<' : '>', createAt)
      .orderBy('create_at', older ? 'desc' : 'asc')
      .limit(1)
      .executeTakeFirst();
    return r && toPost(r);
  }

  async firstAfter(channelId: string, time: number, rootsOnly: boolean): Promise<PostRecord | undefined> {
    return this.neighbour(channelId, time, 'newer', rootsOnly);
  }

  async replies(q: ThreadQuery): Promise<PostRecord[]> {
    const down = q.direction === 'down';
    let query = this.db.selectFrom('posts').selectAll().where('root_id', '=', q.rootId).where('delete_at', '=', 0);
    if (q.from !== undefined) query = query.where('create_at', down ? '>' : '<', q.from);
    const rows = await query.orderBy('create_at', down ? 'asc' : 'desc').limit(q.limit).execute();
    return rows.map(toPost);
  }

  async pinned(channelId: string): Promise<PostRecord[]> {
    const rows = await this.live(channelId, false).where('is_pinned', '=', true).orderBy('create_at', 'desc').execute();
    return rows.map(toPost);
  }

  async countPinned(channelId: string): Promise<number> {
    const r = await this.db
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId)
      .where('is_pinned', '=', true)
      .where('delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async softDelete(post: PostRecord, at: number, deleteBy: string): Promise<Array<{ id: string; file_ids: string[] }>> {
    await this.db
      .updateTable('posts')
      .set({ delete_at: at, update_at: at, props: JSON.stringify({ ...post.props, deleteBy }) })
      .where('id', '=', post.id)
      .execute();
    const deleted = [{ id: post.id, file_ids: post.file_ids }];
    if (post.root_id !== '') return deleted;
    const replies = await this.db
      .updateTable('posts')
      .set({ delete_at: at, update_at: at })
      .where('root_id', '=', post.id)
      .where('delete_at', '=', 0)
      .returning(['id', 'file_ids'])
      .execute();
    return [...deleted, ...replies.map((r) => ({ id: r.id, file_ids: parseJson<string[]>(r.file_ids, []) }))];
  }

  async replyAdded(rootId: string, at: number): Promise<boolean> {
    const r = await this.db
      .updateTable('posts')
      .set((eb) => ({
        reply_count: eb('reply_count', '+', 1),
        last_reply_at: sql<number>`case when last_reply_at < ${at} then ${at} else last_reply_at end`,
        update_at: at,
      }))
      .where('id', '=', rootId)
      .where('delete_at', '=', 0)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async replyRemoved(rootId: string, at: number): Promise<void> {
    await this.db
      .updateTable('posts')
      .set((eb) => ({
        reply_count: eb
          .selectFrom('posts as r')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('r.root_id', '=', rootId)
          .where('r.delete_at', '=', 0),
        last_reply_at: sql<number>`coalesce((select max(r.create_at) from posts r where r.root_id = ${rootId} and r.delete_at = 0), 0)`,
        update_at: at,
      }))
      .where('id', '=', rootId)
      .execute();
  }

  async bumpChannel(channelId: string, now: number, root: boolean): Promise<number> {
    // In SET, last_post_at is the old value on both dialects; RETURNING gives the new one.
    const next = sql<number>`case when last_post_at >= ${now} then last_post_at + 1 else ${now} end`;
    const r = await this.db
      .updateTable('channels')
      .set((eb) => ({
        last_post_at: next,
        total_msg_count: eb('total_msg_count', '+', 1),
        ...(root ? { last_root_post_at: next, total_msg_count_root: eb('total_msg_count_root', '+', 1) } : {}),
      }))
      .where('id', '=', channelId)
      .returning('last_post_at')
      .executeTakeFirstOrThrow();
    return Number(r.last_post_at);
  }

  async incrementMentions(channelId: string, userIds: string[], root: boolean, at: number): Promise<void> {
    for (let i = 0; i < userIds.length; i += IN_CHUNK) {
      await this.db
        .updateTable('channel_members')
        .set((eb) => ({
          mention_count: eb('mention_count', '+', 1),
          ...(root ? { mention_count_root: eb('mention_count_root', '+', 1) } : {}),
          last_update_at: at,
        }))
        .where('channel_id', '=', channelId)
        .where('user_id', 'in', userIds.slice(i, i + IN_CHUNK))
        .execute();
    }
  }

  async mentionCandidates(channelId: string): Promise<MentionCandidate[]> {
    const rows = await this.db
      .selectFrom('channel_members')
      .innerJoin('users', 'users.id', 'channel_members.user_id')
      .select(['channel_members.user_id', 'users.username', 'users.first_name', 'users.notify_props as user_notify_props', 'channel_members.notify_props as channel_notify_props'])
      .where('channel_members.channel_id', '=', channelId)
      .where('users.delete_at', '=', 0)
      .execute();
    return rows.map((r) => ({
      user_id: r.user_id,
      username: r.username,
      first_name: r.first_name,
      user_notify_props: parseJson(r.user_notify_props, {}),
      channel_notify_props: parseJson(r.channel_notify_props, {}),
    }));
  }

  async countAfter(channelId: string, time: number): Promise<{ all: number; roots: number }> {
    const r = await this.db
      .selectFrom('posts')
      .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.sum<number>(sql<number>`case when coalesce(root_id, '') = '' then 1 else 0 end`).as('roots')])
      .where('channel_id', '=', channelId)
      .where('create_at', '>', time)
      .where('delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    return { all: Number(r.all), roots: Number(r.roots ?? 0) };
  }

  async postedSince(channelId: string, time: number, notBy: string): Promise<Array<Pick<PostRecord, 'id' | 'user_id' | 'root_id' | 'message'>>> {
    return this.db
      .selectFrom('posts')
      .select(['id', 'user_id', 'root_id', 'message'])
      .where('channel_id', '=', channelId)
      .where('create_at', '>=', time)
      .where('delete_at', '=', 0)
      .where('user_id', '<>', notBy)
      .orderBy('create_at')
      .execute();
  }

  async markUnread(channelId: string, userId: string, s: UnreadState): Promise<boolean> {
    // The read counts come from the channel's totals, as Mattermost's UpdateLastViewedAtPost: only the unread posts
    // were counted, never the whole history.
    const r = await this.db
      .updateTable('channel_members')
      .set((eb) => ({
        msg_count: sql<number>`(${eb.selectFrom('channels').select('total_msg_count').where('id', '=', channelId)}) - ${s.unread}`,
        msg_count_root: sql<number>`(${eb.selectFrom('channels').select('total_msg_count_root').where('id', '=', channelId)}) - ${s.unreadRoot}`,
        mention_count: s.mentions,
        mention_count_root: s.mentionsRoot,
        urgent_mention_count: 0,
        last_viewed_at: s.lastViewedAt,
        last_update_at: s.at,
      }))
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async editHistory(postId: string): Promise<PostRecord[]> {
    const rows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('original_id', '=', postId)
      .orderBy('edit_at', 'desc')
      .orderBy('update_at', 'desc')
      .execute();
    return rows.map(toPost);
  }

  async flagged(q: FlaggedPostsQuery): Promise<PostRecord[]> {
    let query = this.db
      .selectFrom('preferences as pr')
      .innerJoin('posts as p', 'p.id', 'pr.name')
      .innerJoin('channel_members as cm', (j) => j.onRef('cm.channel_id', '=', 'p.channel_id').on('cm.user_id', '=', q.userId))
      .selectAll('p')
      .where('pr.user_id', '=', q.userId)
      .where('pr.category', '=', 'flagged_post')
      .where('p.delete_at', '=', 0);
    if (q.channelId !== undefined) query = query.where('p.channel_id', '=', q.channelId);
    if (q.teamId !== undefined) {
      const teamId = q.teamId;
      query = query
        .innerJoin('channels as c', 'c.id', 'p.channel_id')
        .where((eb) => eb.or([eb('c.team_id', '=', teamId), eb('c.team_id', '=', '')]));
    }
    const rows = await query.orderBy('p.create_at', 'desc').orderBy('p.id', 'desc').limit(q.limit).offset(q.offset).execute();
    return rows.map(toPost);
  }
}
