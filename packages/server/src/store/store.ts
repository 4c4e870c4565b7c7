import type { UserStore } from './users.ts';
import type { SessionStore } from './sessions.ts';
import type { AccessTokenStore } from './access-tokens.ts';
import type { TeamStore } from './teams.ts';
import type { ChannelStore } from './channels.ts';
import type { PreferenceStore } from './preferences.ts';
import type { PostStore, ReactionStore } from './posts.ts';
import type { FileStore } from './files.ts';
import type { SearchStore } from './search.ts';
import type { SidebarStore } from './sidebar.ts';

/** The one storage interface the app layer sees. Implemented once, with Kysely, for SQLite and PostgreSQL. */
export interface Store {
  users: UserStore;
  sessions: SessionStore;
  accessTokens: AccessTokenStore;
  teams: TeamStore;
  channels: ChannelStore;
  preferences: PreferenceStore;
  posts: PostStore;
  reactions: ReactionStore;
  files: FileStore;
  search: SearchStore;
  sidebar: SidebarStore;
  /** Runs fn in one transaction; the Store handed to fn writes inside it. Nested calls join the outer transaction. */
  tx<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  /** A cheap round trip, for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Paging as Mattermost does it: page from 0, per_page default 60, at most 200. */
export type Page = { page: number; perPage: number };
