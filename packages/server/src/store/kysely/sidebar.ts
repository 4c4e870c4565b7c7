import type { Kysely, Selectable } from 'kysely';
import type { DB, SidebarCategoriesTable } from './schema.ts';
import type { SidebarCategoryPatch, SidebarCategoryRecord, SidebarCategoryType, SidebarChannelRecord, SidebarStore } from '../sidebar.ts';
import { dialectOf } from './dialect.ts';
import { bool } from './util.ts';

const toCategory = (r: Selectable<SidebarCategoriesTable>): SidebarCategoryRecord => ({
  ...r,
  type: r.type as SidebarCategoryType,
  muted: bool(r.muted),
  collapsed: bool(r.collapsed),
});

// SQLite allows 32766 bound values per statement; 5 per placement.
const INSERT_CHUNK = 1000;

export class KyselySidebarStore implements SidebarStore {
  private readonly sqlite: boolean;

  constructor(private readonly db: Kysely<DB>) {
    this.sqlite = dialectOf(db as Kysely<unknown>) === 'sqlite';
  }

  async categories(userId: string, teamId: string): Promise<SidebarCategoryRecord[]> {
    const rows = await this.db
      .selectFrom('sidebar_categories')
      .selectAll()
      .where('user_id', '=', userId)
      .where('team_id', '=', teamId)
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    return rows.map(toCategory);
  }

  async categoriesOfType(userId: string, type: SidebarCategoryType): Promise<SidebarCategoryRecord[]> {
    const rows = await this.db.selectFrom('sidebar_categories').selectAll().where('user_id', '=', userId).where('type', '=', type).orderBy('team_id').execute();
    return rows.map(toCategory);
  }

  async lock(userId: string, teamId: string): Promise<void> {
    // SQLite runs one write transaction at a time (and Kysely's SQLite driver one transaction per connection).
    if (this.sqlite) return;
    await this.db.selectFrom('sidebar_categories').select('id').where('user_id', '=', userId).where('team_id', '=', teamId).forUpdate().execute();
  }

  async channels(userId: string, teamId: string): Promise<SidebarChannelRecord[]> {
    return this.db
      .selectFrom('sidebar_channels')
      .selectAll()
      .where('user_id', '=', userId)
      .where('team_id', '=', teamId)
      .orderBy('category_id')
      .orderBy('sort_order')
      .orderBy('channel_id')
      .execute();
  }

  async insertCategories(categories: SidebarCategoryRecord[]): Promise<string[]> {
    if (categories.length === 0) return [];
    const rows = await this.db
      .insertInto('sidebar_categories')
      .values(categories)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async updateCategory(id: string, patch: SidebarCategoryPatch): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db.updateTable('sidebar_categories').set(patch).where('id', '=', id).execute();
  }

  async deleteCategory(id: string): Promise<void> {
    await this.db.deleteFrom('sidebar_channels').where('category_id', '=', id).execute();
    await this.db.deleteFrom('sidebar_categories').where('id', '=', id).execute();
  }

  async insertChannels(rows: SidebarChannelRecord[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await this.db
        .insertInto('sidebar_channels')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) => oc.columns(['user_id', 'team_id', 'channel_id']).doNothing())
        .execute();
    }
  }

  async replaceChannels(userId: string, teamId: string, rows: SidebarChannelRecord[]): Promise<void> {
    await this.db.deleteFrom('sidebar_channels').where('user_id', '=', userId).where('team_id', '=', teamId).execute();
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await this.db.insertInto('sidebar_channels').values(rows.slice(i, i + INSERT_CHUNK)).execute();
    }
  }

  async clearTeam(userId: string, teamId: string): Promise<void> {
    await this.db.deleteFrom('sidebar_channels').where('user_id', '=', userId).where('team_id', '=', teamId).execute();
    await this.db.deleteFrom('sidebar_categories').where('user_id', '=', userId).where('team_id', '=', teamId).execute();
  }
}
