import type { PostRecord } from './posts.ts';

/** A term for the index: its words, in this order and next to each other; with `prefix` the last is a prefix. */
export type SearchTerm = { words: string[]; prefix: boolean };

/**
 * Who searches and where, shared by message and file search (names already resolved): the user's channels, team,
 * authors, channel handles, dates and the page.
 */
export type SearchScope = {
  /** Only channels this user is a member of. */
  userId: string;
  /** Only this team's channels and the user's direct and group messages; undefined: every team. */
  teamId?: string;
  /** Archived channels too. */
  includeArchivedChannels: boolean;
  /** Only posts (files) by these users; an empty list matches nothing. */
  fromUserIds?: string[];
  excludedUserIds: string[];
  /** Only channels with these handles (a direct message's handle is its two user ids); empty matches nothing. */
  inChannelNames?: string[];
  excludedChannelNames: string[];
  /** create_at >= since. */
  since?: number;
  /** create_at < until. */
  until?: number;
  /** create_at ranges [since, until) to leave out. */
  excludedTimes: Array<{ since: number; until: number }>;
  offset: number;
  limit: number;
};

/** A message search, with names already resolved; the store adds nothing the app did not ask for. */
export type PostSearch = SearchScope & {
  terms: SearchTerm[];
  /** Any of the terms instead of all of them. */
  anyTerm: boolean;
  excludedTerms: SearchTerm[];
};

/**
 * Full-text search over posts: SQLite FTS5 or PostgreSQL text search, both kept current by the database itself as
 * posts are written, edited and deleted. Messages are split into words on everything but letters, digits and
 * combining marks, case-insensitively, without stemming or stop words.
 */
export interface SearchStore {
  /**
   * Live, non-system posts that match, newest first (ties by id). Terms are found through the full-text index,
   * never by scanning posts; with no terms, the other filters run on the posts' own indexes.
   */
  posts(q: PostSearch): Promise<PostRecord[]>;
}
