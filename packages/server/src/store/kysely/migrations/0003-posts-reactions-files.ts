import type { Kysely } from 'kysely';

// Frozen: never edit once shipped; add a new migration instead.
// Posts, their reactions and attached files. Roots carry reply_count and last_reply_at, kept in the same transaction
// as each reply, so listing a channel never counts replies.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('posts')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('edit_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('is_pinned', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('root_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('original_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('hashtags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('file_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('pending_post_id', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('has_reactions', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('remote_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('reply_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reply_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  // Channel history pages by create_at; "since" scans by update_at; threads by root.
  await db.schema.createIndex('idx_posts_channel_create_at').on('posts').columns(['channel_id', 'create_at']).execute();
  await db.schema.createIndex('idx_posts_channel_update_at').on('posts').columns(['channel_id', 'update_at']).execute();
  await db.schema.createIndex('idx_posts_root_create_at').on('posts').columns(['root_id', 'create_at']).execute();
  await db.schema.createIndex('idx_posts_user_create_at').on('posts').columns(['user_id', 'create_at']).execute();
  await db.schema.createIndex('idx_posts_channel_pinned').on('posts').columns(['channel_id', 'is_pinned']).execute();

  await db.schema
    .createTable('reactions')
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('emoji_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('remote_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('reactions_pk', ['post_id', 'user_id', 'emoji_name'])
    .execute();

  await db.schema
    .createTable('file_infos')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('creator_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('path', 'varchar(512)', (c) => c.notNull())
    .addColumn('thumbnail_path', 'varchar(512)', (c) => c.notNull().defaultTo(''))
    .addColumn('preview_path', 'varchar(512)', (c) => c.notNull().defaultTo(''))
    .addColumn('name', 'varchar(256)', (c) => c.notNull())
    .addColumn('extension', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('mime_type', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('width', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('height', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('has_preview_image', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('mini_preview', 'text')
    .execute();
  await db.schema.createIndex('idx_file_infos_post_id').on('file_infos').column('post_id').execute();
  await db.schema.createIndex('idx_file_infos_channel_create_at').on('file_infos').columns(['channel_id', 'create_at']).execute();
}
