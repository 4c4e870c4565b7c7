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

export interface SessionStore {
  insert(session: SessionRecord): Promise<void>;
  /** A session by its token's hash, with what authentication needs of its user (undefined when the user is gone). */
  getByTokenHash(tokenHash: string): Promise<{ session: SessionRecord; user?: SessionUser } | undefined>;
  get(id: string): Promise<SessionRecord | undefined>;
  listForUser(userId: string): Promise<SessionRecord[]>;
  touch(id: string, lastActivityAt: number): Promise<void>;
  remove(id: string): Promise<void>;
  removeForUser(userId: string): Promise<void>;
  removeExpired(now: number): Promise<number>;
}
