import type { Kysely } from 'kysely';

// Frozen: never edit once shipped; add a new migration instead.
// Channel sidebar categories (Mattermost's SidebarCategories / SidebarChannels). The default categories have
// Mattermost's deterministic ids (`favorites_<user>_<team>` …), hence the longer id column. sidebar_channels holds
// the team too, so its key allows a channel in at most one category per user and team.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sidebar_categories')
    .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('sort_order', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sorting', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'varchar(64)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('muted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('collapsed', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('idx_sidebar_categories_user_team').on('sidebar_categories').columns(['user_id', 'team_id', 'sort_order']).execute();

  await db.schema
    .createTable('sidebar_channels')
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('category_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('sort_order', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('sidebar_channels_pk', ['user_id', 'team_id', 'channel_id'])
    .execute();
  await db.schema.createIndex('idx_sidebar_channels_category').on('sidebar_channels').columns(['category_id', 'sort_order']).execute();
}
