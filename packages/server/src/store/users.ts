import type { Page } from './store.ts';

/** A user as stored: includes the password hash, which never leaves the app layer. */
export type UserRecord = {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  username: string;
  password: string;
  auth_service: string;
  email: string;
  email_verified: boolean;
  nickname: string;
  first_name: string;
  last_name: string;
  position: string;
  roles: string;
  locale: string;
  timezone: Record<string, string>;
  notify_props: Record<string, string>;
  props: Record<string, string>;
  last_password_update: number;
  last_picture_update: number;
  failed_attempts: number;
  is_bot: boolean;
};

export type UserFilter = {
  inTeam?: string;
  notInTeam?: string;
  inChannel?: string;
  notInChannel?: string;
  /** Include deactivated users (default true, as Mattermost's GET /users does). */
  includeInactive?: boolean;
  inactiveOnly?: boolean;
  role?: string;
  sort?: 'username' | 'create_at' | 'last_activity_at';
};

export interface UserStore {
  insert(user: UserRecord): Promise<void>;
  update(id: string, patch: Partial<Omit<UserRecord, 'id' | 'create_at'>>): Promise<void>;
  get(id: string): Promise<UserRecord | undefined>;
  getMany(ids: string[]): Promise<UserRecord[]>;
  getByUsername(username: string): Promise<UserRecord | undefined>;
  getByUsernames(usernames: string[]): Promise<UserRecord[]>;
  getByEmail(email: string): Promise<UserRecord | undefined>;
  count(): Promise<number>;
  list(filter: UserFilter, page: Page): Promise<UserRecord[]>;
  /** Users whose username, names, nickname (or email, when allowed) start with term; case-insensitive. */
  search(term: string, filter: UserFilter & { allowEmails?: boolean; limit: number }): Promise<UserRecord[]>;
}
