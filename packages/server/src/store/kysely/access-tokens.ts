import type { Kysely, Selectable } from 'kysely';
import type { DB, UserAccessTokensTable } from './schema.ts';
import type { AccessTokenRecord, AccessTokenStore } from '../access-tokens.ts';
import type { Page } from '../store.ts';
import { bool, offsetOf } from './util.ts';

const toRecord = (r: Selectable<UserAccessTokensTable>): AccessTokenRecord => ({ ...r, is_active: bool(r.is_active) });

export class KyselyAccessTokenStore implements AccessTokenStore {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(t: AccessTokenRecord): Promise<void> {
    await this.db.insertInto('user_access_tokens').values(t).execute();
  }

  async get(id: string): Promise<AccessTokenRecord | undefined> {
    const r = await this.db.selectFrom('user_access_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRecord(r);
  }

  async getByTokenHash(tokenHash: string): Promise<AccessTokenRecord | undefined> {
    const r = await this.db.selectFrom('user_access_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return r && toRecord(r);
  }

  async listForUser(userId: string, page: Page): Promise<AccessTokenRecord[]> {
    const rows = await this.db
      .selectFrom('user_access_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('create_at')
      .orderBy('id')
      .limit(page.perPage)
      .offset(offsetOf(page))
      .execute();
    return rows.map(toRecord);
  }

  async listAll(page: Page): Promise<AccessTokenRecord[]> {
    const rows = await this.db.selectFrom('user_access_tokens').selectAll().orderBy('create_at').orderBy('id').limit(page.perPage).offset(offsetOf(page)).execute();
    return rows.map(toRecord);
  }

  async setActive(id: string, active: boolean): Promise<void> {
    await this.db.updateTable('user_access_tokens').set({ is_active: active }).where('id', '=', id).execute();
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('user_access_tokens').where('id', '=', id).execute();
  }
}
