import BetterSqlite3 from 'better-sqlite3';
import { sql, Kysely, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider, Migrator } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DB } from './schema.ts';
import * as m0001 from './migrations/0001-initial-schema.ts';
import * as m0002 from './migrations/0002-teams-channels-listing-index.ts';
import * as m0003 from './migrations/0003-posts-reactions-files.ts';
import * as m0004 from './migrations/0004-post-search.ts';

export type Dialect = 'sqlite' | 'postgres';

/** Every migration, in order. Names sort in the order they run. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial-schema': m0001,
  '0002-teams-channels-listing-index': m0002,
  '0003-posts-reactions-files': m0003,
  '0004-post-search': m0004,
};

export type OpenOptions = { driver: Dialect; dataSource: string; maxConnections?: number };

export type Database = { db: Kysely<DB>; dialect: Dialect; close(): Promise<void> };

/** Opens the database named by SqlSettings. SQLite runs in WAL mode; PostgreSQL bigints come back as numbers. */
export function openDatabase(opts: OpenOptions): Database {
  if (opts.driver === 'sqlite') {
    if (opts.dataSource !== ':memory:') mkdirSync(dirname(opts.dataSource), { recursive: true });
    const raw = new BetterSqlite3(opts.dataSource);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    // SQLite's own lower() folds ASCII only; PostgreSQL's folds every letter. Searches for "øystein" must find
    // "Øystein" on both, so lower() is JavaScript's here (indexes on lower(...) are built with it too).
    raw.function('lower', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withBooleanBinding(raw) }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  if (opts.driver === 'postgres') {
    const pool = new pg.Pool({
      connectionString: opts.dataSource,
      max: opts.maxConnections ?? 20,
      types: { getTypeParser: pgTypeParser },
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

// better-sqlite3 refuses JS booleans as parameters; SQLite stores them as 0/1.
function withBooleanBinding(raw: BetterSqlite3.Database): BetterSqlite3.Database {
  const one = (p: unknown) => (typeof p === 'boolean' ? (p ? 1 : 0) : p);
  // Kysely passes the parameters as one array argument.
  const fix = (params: unknown[]) => params.map((p) => (Array.isArray(p) ? p.map(one) : one(p)));
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((source: string) => {
    const stmt = prepare(source);
    return new Proxy(stmt, {
      get(target, prop, receiver) {
        if (prop === 'all' || prop === 'run' || prop === 'get' || prop === 'iterate') {
          const fn = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
          return (...params: unknown[]) => fn.apply(target, fix(params));
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }) as typeof raw.prepare;
  return raw;
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
