import { sql, type Kysely } from 'kysely';

// Frozen: never edit once shipped; add a new migration instead.
// Times are int64 milliseconds (bigint); JSON blobs are text so both dialects read them the same way.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('password', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('auth_service', 'varchar(32)', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('email_verified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('nickname', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('first_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('last_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('roles', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('locale', 'varchar(5)', (c) => c.notNull().defaultTo('en'))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('notify_props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('last_password_update', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_picture_update', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_bot', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  // Listing, autocomplete and search go through these.
  await db.schema.createIndex('idx_users_create_at').on('users').column('create_at').execute();
  await db.schema.createIndex('idx_users_delete_at').on('users').column('delete_at').execute();
  await db.schema.createIndex('idx_users_nickname').on('users').column('nickname').execute();
  await db.schema.createIndex('idx_users_first_name').on('users').column('first_name').execute();
  await db.schema.createIndex('idx_users_last_name').on('users').column('last_name').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    // sha256 of the bearer token: a leaked database does not leak live sessions.
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('device_id', 'varchar(512)', (c) => c.notNull().defaultTo(''))
    .addColumn('roles', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('is_oauth', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('csrf_token', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('idx_sessions_user_id').on('sessions').column('user_id').execute();
  await db.schema.createIndex('idx_sessions_expires_at').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('user_access_tokens')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('description', 'varchar(512)', (c) => c.notNull().defaultTo(''))
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idx_user_access_tokens_user_id').on('user_access_tokens').column('user_id').execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('display_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'varchar(1)', (c) => c.notNull().defaultTo('O'))
    .addColumn('company_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('allowed_domains', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('invite_id', 'varchar(32)', (c) => c.notNull().defaultTo(''))
    .addColumn('allow_open_invite', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('last_team_icon_update', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('group_constrained', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('idx_teams_display_name').on('teams').column('display_name').execute();

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('roles', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('scheme_user', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('scheme_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('scheme_guest', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('idx_team_members_user_id').on('team_members').columns(['user_id', 'delete_at']).execute();

  await db.schema
    .createTable('channels')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    // '' for direct and group messages, which belong to no team.
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'varchar(1)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('header', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
    .addColumn('purpose', 'varchar(250)', (c) => c.notNull().defaultTo(''))
    .addColumn('last_post_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_root_post_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_msg_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_msg_count_root', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('creator_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('group_constrained', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('channels_team_name_unique', ['team_id', 'name'])
    .execute();
  await db.schema.createIndex('idx_channels_team_type').on('channels').columns(['team_id', 'type', 'delete_at']).execute();
  await db.schema.createIndex('idx_channels_display_name').on('channels').columns(['team_id', 'display_name']).execute();

  await db.schema
    .createTable('channel_members')
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('roles', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('scheme_user', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('scheme_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('scheme_guest', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('last_viewed_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('msg_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('msg_count_root', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('mention_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('mention_count_root', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('urgent_mention_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('notify_props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('last_update_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_members_pk', ['channel_id', 'user_id'])
    .execute();
  await db.schema.createIndex('idx_channel_members_user_id').on('channel_members').column('user_id').execute();

  await db.schema
    .createTable('preferences')
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('category', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(32)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('preferences_pk', ['user_id', 'category', 'name'])
    .execute();

  // Case-insensitive lookups (login by email or username, channel/team search).
  await sql`CREATE INDEX idx_users_lower_email ON users (lower(email))`.execute(db);
  await sql`CREATE INDEX idx_channels_lower_display_name ON channels (team_id, lower(display_name))`.execute(db);
}
