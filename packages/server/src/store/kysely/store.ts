import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import type { Store } from '../store.ts';
import { KyselyUserStore } from './users.ts';
import { KyselySessionStore } from './sessions.ts';
import { KyselyAccessTokenStore } from './access-tokens.ts';
import { KyselyTeamStore } from './teams.ts';
import { KyselyChannelStore } from './channels.ts';
import { KyselyPreferenceStore } from './preferences.ts';
import { KyselyPostStore } from './posts.ts';
import { KyselyReactionStore } from './reactions.ts';
import { KyselyFileStore } from './files.ts';
import { KyselySearchStore } from './search.ts';
import { KyselySidebarStore } from './sidebar.ts';
import { migrateToLatest, openDatabase, type OpenOptions } from './database.ts';

/** The Store over Kysely: one implementation for SQLite and PostgreSQL. */
export class KyselyStore implements Store {
  readonly users;
  readonly sessions;
  readonly accessTokens;
  readonly teams;
  readonly channels;
  readonly preferences;
  readonly posts;
  readonly reactions;
  readonly files;
  readonly search;
  readonly sidebar;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly closeDb: () => Promise<void>,
    private readonly inTransaction = false,
  ) {
    this.users = new KyselyUserStore(db);
    this.sessions = new KyselySessionStore(db);
    this.accessTokens = new KyselyAccessTokenStore(db);
    this.teams = new KyselyTeamStore(db);
    this.channels = new KyselyChannelStore(db);
    this.preferences = new KyselyPreferenceStore(db);
    this.posts = new KyselyPostStore(db);
    this.reactions = new KyselyReactionStore(db);
    this.files = new KyselyFileStore(db);
    this.search = new KyselySearchStore(db);
    this.sidebar = new KyselySidebarStore(db);
  }

  async tx<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new KyselyStore(trx, this.closeDb, true)));
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.closeDb();
  }
}

/** Opens the database, brings its schema up to date, and returns the Store. */
export async function openStore(opts: OpenOptions): Promise<KyselyStore> {
  const database = openDatabase(opts);
  try {
    await migrateToLatest(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  return new KyselyStore(database.db, database.close);
}
