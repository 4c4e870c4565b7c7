import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import type { Preference, PreferenceStore } from '../preferences.ts';

export class KyselyPreferenceStore implements PreferenceStore {
  constructor(private readonly db: Kysely<DB>) {}

  async forUser(userId: string, category?: string): Promise<Preference[]> {
    let q = this.db.selectFrom('preferences').selectAll().where('user_id', '=', userId);
    if (category !== undefined) q = q.where('category', '=', category);
    return q.orderBy('category').orderBy('name').execute();
  }

  async get(userId: string, category: string, name: string): Promise<Preference | undefined> {
    return this.db
      .selectFrom('preferences')
      .selectAll()
      .where('user_id', '=', userId)
      .where('category', '=', category)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  async save(prefs: Preference[]): Promise<void> {
    if (prefs.length === 0) return;
    await this.db
      .insertInto('preferences')
      .values(prefs)
      .onConflict((oc) => oc.columns(['user_id', 'category', 'name']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }

  async remove(prefs: Array<Pick<Preference, 'user_id' | 'category' | 'name'>>): Promise<void> {
    for (const p of prefs) {
      await this.db.deleteFrom('preferences').where('user_id', '=', p.user_id).where('category', '=', p.category).where('name', '=', p.name).execute();
    }
  }
}
