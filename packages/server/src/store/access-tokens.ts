import type { Page } from './store.ts';

export type AccessTokenRecord = {
  id: string;
  token_hash: string;
  user_id: string;
  description: string;
  is_active: boolean;
  create_at: number;
};

export interface AccessTokenStore {
  insert(token: AccessTokenRecord): Promise<void>;
  get(id: string): Promise<AccessTokenRecord | undefined>;
  getByTokenHash(tokenHash: string): Promise<AccessTokenRecord | undefined>;
  listForUser(userId: string, page: Page): Promise<AccessTokenRecord[]>;
  listAll(page: Page): Promise<AccessTokenRecord[]>;
  setActive(id: string, active: boolean): Promise<void>;
  remove(id: string): Promise<void>;
}
