import { SqliteAdapter, type Kysely } from 'kysely';
import type { Dialect } from './database.ts';

/** Which database a Kysely instance (or transaction) talks to, for the few statements that differ. */
export function dialectOf(db: Kysely<unknown>): Dialect {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}
