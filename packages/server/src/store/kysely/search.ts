import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from './schema.ts';
import type { PostRecord } from '../posts.ts';
import type { PostSearch, SearchStore, SearchTerm } from '../search.ts';
import { toPost } from './posts.ts';
import { dialectOf } from './dialect.ts';
import { PLAN_PER_VALUE } from './pg-prepared.ts';

// Message search over the full-text indexes of migration 0004: FTS5's posts_fts on SQLite, post_search (words
// GIN-indexed) on PostgreSQL. Every word reaches the engine as data inside a quoted phrase or lexeme, and the
// engine splits it with the same tokenizer it indexed messages with, so query and index always agree.

/** PostgreSQL's search table (migration 0004), known only here. */
type PostSearchTable = { post_id: string; channel_id: string; user_id: string; create_at: number; words: string };
type SearchDB = DB & { post_search: PostSearchTable };

/** FTS5: a phrase is one quoted string (its tokens adjacent); `*` after it makes the last token a prefix. */
const ftsPhrase = (t: SearchTerm) => `"${t.words.join(' ').replaceAll('"', '""')}"${t.prefix ? ' *' : ''}`;

/** tsquery: quoted lexemes joined by <-> (followed by); `:*` makes one a prefix. */
const tsLexeme = (w: string) => `'${w.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
const tsPhrase = (t: SearchTerm) => t.words.map((w, i) => tsLexeme(w) + (t.prefix && i === t.words.length - 1 ? ':*' : '')).join(' <-> ');

const withWords = (terms: SearchTerm[]) => terms.filter((t) => t.words.length > 0);

/** How far back a PostgreSQL phrase search looks first (recentFirst). */
const RECENT_WINDOW_MS = 30 * 86400_000;

export class KyselySearchStore implements SearchStore {
  private readonly sqlite: boolean;

  constructor(private readonly db: Kysely<DB>) {
    this.sqlite = dialectOf(db as Kysely<unknown>) === 'sqlite';
  }

  async posts(q: PostSearch): Promise<PostRecord[]> {
    if (q.limit <= 0 || q.fromUserIds?.length === 0 || q.inChannelNames?.length === 0) return [];
    const channelIds = await this.channelIds(q);
    if (channelIds.length === 0) return [];
    const recent = this.recentFirst(q);
    if (recent) {
      // Every match in the window is newer than every match outside it, so a full page from the window is the page.
      const rows = await this.query(recent, channelIds).execute();
      if (rows.length >= q.limit) return rows.map(toPost);
    }
    const rows = await this.query(q, channelIds).execute();
    return rows.map(toPost);
  }

  /**
   * PostgreSQL, a phrase: the search narrowed to the last RECENT_WINDOW_MS first. GIN finds the posts holding every
   * word of a phrase, but only rechecking each one's positions tells whether the words are adjacent; for very common
   * words ("the of") that is tens of thousands of rechecks over the user's channels. With the time bound, the
   * (channel_id, create_at) index cuts the candidates before the recheck. Undefined when not worth a try.
   */
  private recentFirst(q: PostSearch): PostSearch | undefined {
    if (this.sqlite || !withWords(q.terms).some((t) => t.words.length > 1)) return undefined;
    const since = Date.now() - RECENT_WINDOW_MS;
    if (q.since !== undefined && q.since >= since) return undefined;
    if (q.until !== undefined && q.until <= since) return undefined;
    return { ...q, since };
  }

  /**
   * The channels a search covers: the user's memberships, narrowed by team, archive state and in:/-in:. Fetched
   * first so the planner sees a list rather than a join it tends to misjudge next to the text match.
   */
  async channelIds(q: PostSearch): Promise<string[]> {
    let channels = this.db
      .selectFrom('channel_members as cm')
      .innerJoin('channels as c', 'c.id', 'cm.channel_id')
      .select('cm.channel_id')
      .where('cm.user_id', '=', q.userId);
    if (q.teamId !== undefined) {
      const teamId = q.teamId;
      channels = channels.where((eb) => eb.or([eb('c.team_id', '=', teamId), eb('c.team_id', '=', '')]));
    }
    if (!q.includeArchivedChannels) channels = channels.where('c.delete_at', '=', 0);
    if (q.inChannelNames) channels = channels.where('c.name', 'in', q.inChannelNames);
    if (q.excludedChannelNames.length > 0) channels = channels.where('c.name', 'not in', q.excludedChannelNames);
    return (await channels.execute()).map((r) => r.channel_id);
  }

  /** The statement posts() runs for the channels channelIds() found (tests EXPLAIN it). */
  query(q: PostSearch, channelIds: string[]) {
    const terms = withWords(q.terms);
    const excluded = withWords(q.excludedTerms);
    if (!this.sqlite && terms.length > 0) return this.pgMatch(q, channelIds, terms, excluded);
    let query = this.db
      .selectFrom('posts as p')
      .selectAll('p')
      .where(sql<SqlBool>`p.delete_at = 0`)
      .where(sql<SqlBool>`substr(p.type, 1, 7) <> 'system_'`);
    for (const f of filters(q, channelIds, 'p')) query = query.where(f);
    if (this.sqlite && terms.length > 0) {
      let match = `(${terms.map(ftsPhrase).join(q.anyTerm ? ' OR ' : ' AND ')})`;
      if (excluded.length > 0) match += ` NOT (${excluded.map(ftsPhrase).join(' OR ')})`;
      // The matches are read from the index once (a list, with a Bloom filter), and the posts are walked through the
      // user's channels (or the from: authors), whichever index the planner prefers: the unary + keeps it from
      // driving by rowid, which looks up every match in posts, however many there are and in whatever channel
      // (a common word: tens of thousands of lookups for 60 results). Cost now grows with the posts of the
      // user's channels, not with the whole server's matches.
      query = query.where(sql<SqlBool>`+p.rowid in (select rowid from posts_fts where posts_fts match ${match})`);
    } else if (this.sqlite && excluded.length > 0) {
      const none = excluded.map(ftsPhrase).join(' OR ');
      query = query.where(sql<SqlBool>`p.rowid not in (select rowid from posts_fts where posts_fts match ${none})`);
    } else if (excluded.length > 0) {
      const none = excluded.map(tsPhrase).join(' | ');
      query = query.where(
        sql<SqlBool>`not exists (select 1 from post_search s where s.post_id = p.id and s.words @@ to_tsquery('simple'::regconfig, ${none}))`,
      );
    }
    return query.orderBy('p.create_at', 'desc').orderBy('p.id', 'desc').limit(q.limit).offset(q.offset).modifyEnd(sql.raw(PLAN_PER_VALUE));
  }

  /**
   * PostgreSQL with terms: the page is picked in post_search alone (match, channels, authors, times, order), and
   * only its posts are read from posts.
   */
  private pgMatch(q: PostSearch, channelIds: string[], terms: SearchTerm[], excluded: SearchTerm[]) {
    let tsquery = `(${terms.map(tsPhrase).join(q.anyTerm ? ' | ' : ' & ')})`;
    if (excluded.length > 0) tsquery += ` & !(${excluded.map(tsPhrase).join(' | ')})`;
    const db = this.db as unknown as Kysely<SearchDB>;
    let hits = db
      .selectFrom('post_search as s')
      .select(['s.post_id', 's.create_at'])
      .where(sql<SqlBool>`s.words @@ to_tsquery('simple'::regconfig, ${tsquery})`);
    for (const f of filters(q, channelIds, 's')) hits = hits.where(f);
    const page = hits.orderBy('s.create_at', 'desc').orderBy('s.post_id', 'desc').limit(q.limit).offset(q.offset);
    return db
      .selectFrom('posts as p')
      .innerJoin(page.as('h'), 'h.post_id', 'p.id')
      .selectAll('p')
      .where(sql<SqlBool>`p.delete_at = 0`)
      .orderBy('h.create_at', 'desc')
      .orderBy('h.post_id', 'desc')
      .modifyEnd(sql.raw(PLAN_PER_VALUE));
  }
}

/** Channels, authors and times, on posts (`p`) or post_search (`s`), which share these column names. */
function filters(q: PostSearch, channelIds: string[], alias: 'p' | 's'): Array<RawBuilder<SqlBool>> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const list = (values: string[]) => sql.join(values);
  const out = [sql<SqlBool>`${col('channel_id')} in (${list(channelIds)})`];
  if (q.fromUserIds) out.push(sql<SqlBool>`${col('user_id')} in (${list(q.fromUserIds)})`);
  if (q.excludedUserIds.length > 0) out.push(sql<SqlBool>`${col('user_id')} not in (${list(q.excludedUserIds)})`);
  if (q.since !== undefined) out.push(sql<SqlBool>`${col('create_at')} >= ${q.since}`);
  if (q.until !== undefined) out.push(sql<SqlBool>`${col('create_at')} < ${q.until}`);
  for (const r of q.excludedTimes) out.push(sql<SqlBool>`(${col('create_at')} < ${r.since} or ${col('create_at')} >= ${r.until})`);
  return out;
}
