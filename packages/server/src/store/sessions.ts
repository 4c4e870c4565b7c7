import type { ChannelMemberRoles } from './channels.ts';

export type SessionRecord = {
  id: string;
  token_hash: string;
  user_id: string;
  create_at: number;
  expires_at: number;
  last_activity_at: number;
  device_id: string;
  roles: string;
  is_oauth: boolean;
  csrf_token: string;
  props: Record<string, string>;
};

export type SessionUser = { roles: string; delete_at: number };

/** A session found by its token's hash (see SessionStore.getByTokenHash). */
export type SessionLookup = { session: SessionRecord; user?: SessionUser; channelRoles?: ChannelMemberRoles[] };

export interface SessionStore {
  insert(session: SessionRecord): Promise<void>;
  /**
   * A session by its token's hash, with what authentication needs of its user (undefined when the user is gone) and,
   * with `withChannelRoles`, the user's roles in each of their channels, read in the same statement.
   */
  getByTokenHash(tokenHash: string, withChannelRoles?: boolean): Promise<SessionLookup | undefined>;
  get(id: string): Promise<SessionRecord | undefined>;
  listForUser(userId: string): Promise<SessionRecord[]>;
  touch(id: string, lastActivityAt: number): Promise<void>;
  remove(id: string): Promise<void>;
  removeForUser(userId: string): Promise<void>;
  removeExpired(now: number): Promise<number>;
}
