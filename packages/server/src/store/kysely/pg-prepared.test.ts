import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { PLAN_PER_VALUE, StatementNames } from './pg-prepared.ts';
import { openDatabase, type Database } from './database.ts';
import { createPostgresDatabase, postgresSkipReason } from '../../test/database.ts';

describe('statement names', () => {
  it('names a text the second time it is seen, keeps the name, and names no more than its limit', () => {
    const names = new StatementNames(2);
    assert.equal(names.nameFor('select $1'), undefined, 'a text seen once stays unnamed');
    const first = names.nameFor('select $1');
    assert.ok(first);
    assert.equal(names.nameFor('select $1'), first);
    names.nameFor('select $2');
    const second = names.nameFor('select $2');
    assert.ok(second && second !== first);
    names.nameFor('select $3');
    assert.equal(names.nameFor('select $3'), undefined, 'past the limit new texts stay unnamed');
    assert.equal(names.nameFor('select $1'), first, 'named texts keep their names');
  });

  it('never names a statement whose plan depends on its values', () => {
    const names = new StatementNames();
    for (const text of [
      "select post_id from post_search as s where s.words @@ to_tsquery('simple'::regconfig, $1)",
      'select id from users where lower(username) like $1',
      'select id from channels where display_name ILIKE $1',
      `select * from posts where channel_id in ($1, $2) and user_id = $3 ${PLAN_PER_VALUE}`,
    ]) {
      for (let i = 0; i < 3; i++) assert.equal(names.nameFor(text), undefined, text);
    }
  });
});

describe('prepared statements on PostgreSQL', { skip: postgresSkipReason }, () => {
  let pg: { url: string; drop(): Promise<void> };
  let database: Database;
  before(async () => {
    pg = await createPostgresDatabase();
    // One connection, so the statements below and pg_prepared_statements see the same session.
    database = openDatabase({ driver: 'postgres', dataSource: pg.url, maxConnections: 1 });
    await sql`create table things (id text primary key, label text not null)`.execute(database.db);
    await sql`insert into things values ('a', 'first'), ('b', 'second')`.execute(database.db);
  });
  after(async () => {
    await database.close();
    await pg.drop();
  });

  const byId = (id: string) => sql<Record<string, unknown>>`select * from things where id = ${id}`.execute(database.db);

  it('prepares a statement that recurs and returns the same rows through it', async () => {
    assert.deepEqual((await byId('a')).rows, [{ id: 'a', label: 'first' }]);
    assert.deepEqual((await byId('b')).rows, [{ id: 'b', label: 'second' }]);
    const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(database.db);
    assert.deepEqual(
      prepared.rows.map((r) => r.statement),
      ['select * from things where id = $1'],
    );
    assert.deepEqual((await byId('a')).rows, [{ id: 'a', label: 'first' }]);
  });

  it('still answers a prepared select * after its table gained a column', async () => {
    await byId('a');
    await byId('a');
    await sql`alter table things add column size integer not null default 7`.execute(database.db);
    // PostgreSQL refuses the old prepared statement ("cached plan must not change result type"); it is prepared anew.
    assert.deepEqual((await byId('a')).rows, [{ id: 'a', label: 'first', size: 7 }]);
    assert.deepEqual((await byId('b')).rows, [{ id: 'b', label: 'second', size: 7 }]);
  });

  it('runs statements unnamed from then on when the server no longer has a prepared one (a pooler moved us)', async () => {
    await byId('a');
    await byId('a');
    // What a transaction-mode pooler does to us: the next statement meets a server session without our statements.
    await sql`deallocate all`.execute(database.db);
    assert.deepEqual((await byId('a')).rows, [{ id: 'a', label: 'first', size: 7 }]);
    assert.deepEqual((await byId('b')).rows, [{ id: 'b', label: 'second', size: 7 }]);
    const prepared = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(database.db);
    assert.deepEqual(prepared.rows, [{ n: 0 }], 'nothing is prepared again');
  });
});
