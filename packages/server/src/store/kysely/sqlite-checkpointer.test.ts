import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from './database.ts';
import { startCheckpointer } from './sqlite-checkpointer.ts';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'prat-ckpt-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SQLite WAL checkpoints on their own thread', () => {
  it('copies every committed page into the database file while the server keeps writing, and leaves no WAL after close', () =>
    withDir(async (dir) => {
      const file = join(dir, 'prat.db');
      const database = openDatabase({ driver: 'sqlite', dataSource: file });
      const { db } = database;
      // The server's own connection never checkpoints on commit: that is the thread's job.
      assert.equal((await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows[0]!.wal_autocheckpoint, 0);
      await sql`create table bulk (n integer primary key, body text not null)`.execute(db);
      const body = 'x'.repeat(1000);
      for (let t = 0; t < 100; t++) {
        await db.transaction().execute(async (trx) => {
          for (let i = 0; i < 20; i++) await sql`insert into bulk (n, body) values (${t * 20 + i}, ${body})`.execute(trx);
        });
      }
      const result = await database.checkpointer!.checkpoint();
      assert.ok(result.log > 0, 'the writes went to the WAL');
      assert.equal(result.checkpointed, result.log, 'every frame of the WAL is in the database file');
      assert.ok(statSync(file).size > 2000 * 1000, 'the database file holds the rows');
      await database.close();
      assert.equal(existsSync(`${file}-wal`), false, 'closing leaves only the database file');

      const again = openDatabase({ driver: 'sqlite', dataSource: file });
      const count = await sql<{ n: number }>`select count(*) as n from bulk`.execute(again.db);
      assert.equal(count.rows[0]!.n, 2000);
      await again.close();
    }));

  it('reports a thread that cannot open the database, so the server falls back to checkpoints on commit', () =>
    withDir(async (dir) => {
      // A directory is not a database file: the thread fails to open it and exits.
      const failure = await new Promise<Error>((resolve) => startCheckpointer(dir, resolve));
      assert.match(failure.message, /SQLITE_CANTOPEN/);
    }));
});
