import type { Kysely } from 'kysely';

// Frozen: never edit once shipped; add a new migration instead.
// A team's channel listings filter on (team_id, type, delete_at) and page in display-name order; with display_name
// in the index both the filter and the order come from it. It supersedes idx_channels_team_type.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('idx_channels_team_type_name').on('channels').columns(['team_id', 'type', 'delete_at', 'display_name']).execute();
  await db.schema.dropIndex('idx_channels_team_type').execute();
}
