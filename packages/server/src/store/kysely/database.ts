import BetterSqlite3 from 'better-sqlite3';
import { sql, Kysely, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider, Migrator, type SqliteDatabase, type SqliteStatement } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DB } from './schema.ts';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer.ts';
import { preparingClient, StatementNames } from './pg-prepared.ts';
import { rowBuilder } from './util.ts';
import * as m0001 from './migrations/0001-initial-schema.ts';
import * as m0002 from './migrations/0002-teams-channels-listing-index.ts';
import * as m0003 from './migrations/0003-posts-reactions-files.ts';
import * as m0004 from './migrations/0004-post-search.ts';
import * as m0005 from './migrations/0005-sidebar-categories.ts';
import * as m0006 from './migrations/0006-post-search-filter-indexes.ts';

export type Dialect = 'sqlite' | 'postgres';

/** Every migration, in order. Names sort in the order they run. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial-schema': m0001,
  '0002-teams-channels-listing-index': m0002,
  '0003-posts-reactions-files': m0003,
  '0004-post-search': m0004,
  '0005-sidebar-categories': m0005,
  '0006-post-search-filter-indexes': m0006,
};

export type OpenOptions = {
  driver: Dialect;
  dataSource: string;
  maxConnections?: number;
  /**
   * PostgreSQL: how long a connection may stay idle, and live at all, before it is closed (SqlSettings
   * ConnMaxIdleTimeMilliseconds and ConnMaxLifetimeMilliseconds; 0: no limit).
   */
  maxIdleMs?: number;
  maxLifetimeMs?: number;
};

export type Database = {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
  /** SQLite files only: the thread that checkpoints the WAL (see sqlite-checkpointer.ts). */
  checkpointer?: Checkpointer;
};

/** Opens the database named by SqlSettings. SQLite runs in WAL mode; PostgreSQL bigints come back as numbers. */
export function openDatabase(opts: OpenOptions): Database {
  if (opts.driver === 'sqlite') {
    if (opts.dataSource !== ':memory:') mkdirSync(dirname(opts.dataSource), { recursive: true });
    const raw = new BetterSqlite3(opts.dataSource);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    // 64 MiB of page cache instead of SQLite's 2 MiB: a search looks up thousands of posts scattered over the
    // table, and at 2 MiB nearly every one is a read from the OS (a rare word on 1 M posts: 24 ms → 9 ms).
    raw.pragma('cache_size = -65536');
    // Pages beyond that cache are read through a memory map rather than a read() each: a channel page whose 60 posts
    // sit on 60 table pages of a 1 M-post file loads ≈ 20 % faster (history benchmark: p50 0.61 → 0.50 ms, p99
    // 5.16 → 4.78 ms). The mapped pages are the OS's file cache, shared and reclaimable, though `top` counts the
    // ones touched in the server's RSS.
    raw.pragma('mmap_size = 1073741824');
    // SQLite's own lower() folds ASCII only; PostgreSQL's folds every letter. Searches for "øystein" must find
    // "Øystein" on both, so lower() is JavaScript's here (indexes on lower(...) are built with it too).
    raw.function('lower', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
    // The planner's statistics (sqlite_stat1) as SQLite recommends keeping them: at open, ANALYZE (sampled, so it stays
    // quick on a large database) the tables that were never analysed or have changed much since; the same check every
    // few hours and at close. Tables that have not changed much are left alone, so plans do not move needlessly.
    raw.pragma('analysis_limit = 1000');
    raw.pragma('optimize = 0x10002');
    // Statistics are an optimisation: a failure here (a busy database) must never take a request or the close down.
    const tryOptimize = () => {
      try {
        if (raw.open && !raw.readonly) raw.pragma('optimize');
      } catch {
        // next time
      }
    };
    const optimize = setInterval(tryOptimize, OPTIMIZE_EVERY_MS);
    optimize.unref();
    let checkpointer: Checkpointer | undefined;
    if (!raw.memory) {
      raw.pragma('wal_autocheckpoint = 0');
      checkpointer = startCheckpointer(resolve(opts.dataSource), () => {
        // Without the thread, SQLite's own checkpoint on commit keeps the WAL bounded again.
        if (raw.open) raw.pragma('wal_autocheckpoint = 1000');
      });
    }
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachingDatabase(raw) }) });
    const close = async () => {
      clearInterval(optimize);
      // The thread closes its connection first, so that ours is the last and does the final checkpoint.
      await checkpointer?.stop();
      tryOptimize();
      await db.destroy();
    };
    return { db, dialect: 'sqlite', close, checkpointer };
  }
  if (opts.driver === 'postgres') {
    const pool = new pg.Pool({
      connectionString: opts.dataSource,
      max: opts.maxConnections ?? 20,
      // Mattermost's 5 minutes rather than pg's 10 seconds: a connection closed when idle takes with it the statements
      // it prepared and the backend's warm caches, and the next request after a quiet spell pays for a new one.
      idleTimeoutMillis: opts.maxIdleMs ?? 300_000,
      maxLifetimeSeconds: Math.ceil((opts.maxLifetimeMs ?? 0) / 1000),
      types: { getTypeParser: pgTypeParser },
      Client: preparingClient(new StatementNames()),
    });
    // An idle connection that breaks (PostgreSQL restarted, an admin ended it) is an 'error' on the pool; unheard, it
    // would crash the process. The pool has already dropped that connection and opens a new one when next needed.
    pool.on('error', () => undefined);
    // pool.end() resolves before its connections have closed; close() waits for them, so that once the store is
    // closed nothing of ours is still connected (a dropped or restarted database then cannot reach us).
    let open = 0;
    let allClosed: (() => void) | undefined;
    pool.on('connect', () => open++);
    pool.on('remove', () => {
      if (--open === 0) allClosed?.();
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const close = async () => {
      const closed = open === 0 ? Promise.resolve() : new Promise<void>((resolve) => (allClosed = resolve));
      await db.destroy();
      await closed;
    };
    return { db, dialect: 'postgres', close };
  }
  throw new Error(`SqlSettings.DriverName must be "sqlite" or "postgres", not "${String(opts.driver)}"`);
}

// int8 and numeric come back as strings from pg by default; our times and counts fit in a double.
function pgTypeParser(oid: number, format?: string): (v: string) => unknown {
  if (oid === 20 || oid === 1700) return (v: string) => Number(v);
  return pg.types.getTypeParser(oid, format as 'text');
}

/** How often a SQLite database re-checks its planner statistics (PRAGMA optimize). */
const OPTIMIZE_EVERY_MS = 4 * 3600_000;

/** How many prepared SQLite statements are kept, by SQL text (IN lists make some texts vary with their length). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * The database Kysely's SqliteDialect talks to: better-sqlite3 with its prepared statements kept by SQL text in a
 * bounded LRU (Kysely prepares every statement anew, which was ≈ 12 % of the server's CPU under load), and JS
 * booleans bound as 0/1 (better-sqlite3 refuses them). SQLite re-prepares a kept statement itself when the schema
 * changes. iterate() gets a statement of its own: a kept one may be busy in another iteration.
 */
export function cachingDatabase(raw: BetterSqlite3.Database, capacity = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  const wrap = (source: string, stmt: BetterSqlite3.Statement): SqliteStatement => {
    let all = (params: ReadonlyArray<unknown>) => stmt.all(bind(params));
    if (stmt.reader) {
      // Rows as arrays, turned into objects by a function made for this statement's columns: ≈ 40 % cheaper than
      // better-sqlite3 building each object property by property (60 posts: 0.31 ms instead of 0.51 ms).
      const toObject = rowBuilder(stmt.columns().map((c) => c.name));
      stmt.raw(true);
      all = (params) => (stmt.all(bind(params)) as unknown[][]).map(toObject);
    }
    return {
      reader: stmt.reader,
      all,
      run: (params) => stmt.run(bind(params)),
      iterate: (params) => raw.prepare(source).iterate(bind(params)),
    };
  };
  return {
    close: () => {
      cache.clear();
      raw.close();
    },
    prepare(source: string): SqliteStatement {
      let stmt = cache.get(source);
      if (stmt) {
        // Most recently used last: Map keeps insertion order, so the first key is the one to evict.
        cache.delete(source);
        cache.set(source, stmt);
        return stmt;
      }
      stmt = wrap(source, raw.prepare(source));
      if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
      cache.set(source, stmt);
      return stmt;
    },
  };
}

// Kysely passes the parameters as one array; only a copy when it holds a boolean.
function bind(params: ReadonlyArray<unknown>): unknown[] {
  for (let i = 0; i < params.length; i++) {
    if (typeof params[i] === 'boolean') return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
  }
  return params as unknown[];
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** The highest migration this code knows. */
export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;

/**
 * Runs pending migrations inside one transaction. Refuses a database that has migrations this code does not know
 * (it was upgraded by a newer Prat): downgrading would silently corrupt data.
 */
export async function migrateToLatest(db: Kysely<DB>): Promise<void> {
  const migrator = new Migrator({ db: db as Kysely<unknown>, provider, migrationTableName: 'prat_migrations', migrationLockTableName: 'prat_migrations_lock' });
  const known = new Set(Object.keys(MIGRATIONS));
  const applied = (await migrator.getMigrations()).filter((m) => m.executedAt).map((m) => m.name);
  let recorded = applied;
  try {
    recorded = (await sql<{ name: string }>`select name from prat_migrations`.execute(db)).rows.map((r) => r.name);
  } catch {
    // No migration table yet: a fresh database.
  }
  const unknown = recorded.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new Error(
      `The database was migrated by a newer version of Prat (it has migration ${unknown.sort().at(-1)}, this version knows up to ${LATEST_MIGRATION}). ` +
        'Refusing to start: run the newer version, or restore a backup taken before the upgrade.',
    );
  }
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
}
