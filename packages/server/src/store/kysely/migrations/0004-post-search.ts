import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Frozen: never edit once shipped; add a new migration instead.
// Full-text search over post messages, kept current by the database itself. Both engines split a message into
// words on everything but letters, digits and combining marks, fold case, and neither stems nor drops stop words:
// "drift-status", "v1.2.3", "ola@fribyte.no" and URLs become runs of words that a search finds as a phrase (which
// PostgreSQL's own parser, keeping e-mail addresses and URLs whole, would not).
//
// SQLite: an FTS5 table over posts (external content: the text lives only in posts), keyed by the posts' rowid and
// kept current by triggers. It indexes every post, deleted or not, so 'rebuild' and 'integrity-check' work as
// documented; searches filter on delete_at. (posts has indexes, so VACUUM keeps its rowids.)
//
// PostgreSQL: post_search holds the words (tsvector, GIN-indexed) of every live, non-system post with the columns a
// search filters and orders on, kept current by triggers on posts. A table of its own rather than a column of
// posts, so reading posts never fetches a tsvector; stored rather than an expression index, so checking a phrase
// (which GIN cannot answer alone) reads the stored words instead of re-parsing each candidate message.
// prat_search_text() turns ASCII punctuation and the common Unicode punctuation and symbol blocks into spaces by
// code point, whatever the database's locale; the 'simple' configuration then only lower-cases the words
// (non-ASCII letters such as Æ/Ø/Å as the database's LC_CTYPE does: any UTF-8 locale folds them, "C" does not).
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`create virtual table posts_fts using fts5(
      message,
      content = 'posts',
      content_rowid = 'rowid',
      tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
    )`.execute(db);
    await sql`insert into posts_fts (posts_fts) values ('rebuild')`.execute(db);
    await sql`create trigger posts_fts_insert after insert on posts begin
      insert into posts_fts (rowid, message) values (new.rowid, new.message);
    end`.execute(db);
    await sql`create trigger posts_fts_delete after delete on posts begin
      insert into posts_fts (posts_fts, rowid, message) values ('delete', old.rowid, old.message);
    end`.execute(db);
    // Only a changed message re-indexes: counters, reactions and pins update posts often and leave the text alone.
    await sql`create trigger posts_fts_update after update of message on posts when old.message is not new.message begin
      insert into posts_fts (posts_fts, rowid, message) values ('delete', old.rowid, old.message);
      insert into posts_fts (rowid, message) values (new.rowid, new.message);
    end`.execute(db);
    return;
  }
  await sql`create function prat_search_text(message text) returns text
    language sql immutable strict parallel safe
    as $$ select regexp_replace(
      message,
      '[\\u0001-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u00A9\\u00AB-\\u00B1\\u00B4\\u00B6-\\u00B8\\u00BB\\u00BF\\u00D7\\u00F7\\u2000-\\u206F\\u20A0-\\u20CF\\u2190-\\u23FF\\u2500-\\u2775\\u2794-\\u2BFF\\u3000-\\u3004\\u3008-\\u3020\\u3030\\u303D-\\u303F\\uFE10-\\uFE19\\uFE30-\\uFE4F\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65\\U0001F300-\\U0001FAFF]+',
      ' ',
      'g'
    ) $$`.execute(db);
  await sql`create table post_search (
    post_id varchar(26) primary key,
    channel_id varchar(26) not null,
    user_id varchar(26) not null,
    create_at bigint not null,
    words tsvector not null
  )`.execute(db);
  await sql`insert into post_search (post_id, channel_id, user_id, create_at, words)
    select id, channel_id, user_id, create_at, to_tsvector('simple'::regconfig, prat_search_text(message))
    from posts where delete_at = 0 and substr(type, 1, 7) <> 'system_'`.execute(db);
  await sql`create index idx_post_search_words on post_search using gin (words)`.execute(db);
  await sql`create function prat_post_search_sync() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        delete from post_search where post_id = old.id;
      end if;
      if tg_op <> 'DELETE' and new.delete_at = 0 and substr(new.type, 1, 7) <> 'system_' then
        insert into post_search (post_id, channel_id, user_id, create_at, words)
        values (new.id, new.channel_id, new.user_id, new.create_at, to_tsvector('simple'::regconfig, prat_search_text(new.message)));
      end if;
      return null;
    end
  $$`.execute(db);
  await sql`create trigger posts_search_insert after insert on posts
    for each row execute function prat_post_search_sync()`.execute(db);
  await sql`create trigger posts_search_delete after delete on posts
    for each row execute function prat_post_search_sync()`.execute(db);
  // Counters, reactions and pins update posts often and leave what is searched alone: only those changes re-index.
  await sql`create trigger posts_search_update after update of message, delete_at, type, channel_id, user_id, create_at on posts
    for each row when (old.message is distinct from new.message or old.delete_at is distinct from new.delete_at
      or old.type is distinct from new.type or old.channel_id is distinct from new.channel_id
      or old.user_id is distinct from new.user_id or old.create_at is distinct from new.create_at)
    execute function prat_post_search_sync()`.execute(db);
}
