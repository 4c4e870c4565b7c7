import type { Kysely, Selectable } from 'kysely';
import type { ChannelMembersTable, ChannelsTable, DB } from './schema.ts';
import type { ChannelMemberRecord, ChannelRecord, ChannelStore, ChannelType } from '../channels.ts';
import { bool, parseJson } from './util.ts';

export const toChannel = (r: Selectable<ChannelsTable>): ChannelRecord => ({
  ...r,
  type: r.type as ChannelType,
  group_constrained: bool(r.group_constrained),
  props: parseJson(r.props, {}),
});

export const toChannelMember = (r: Selectable<ChannelMembersTable>): ChannelMemberRecord => ({
  ...r,
  scheme_user: bool(r.scheme_user),
  scheme_admin: bool(r.scheme_admin),
  scheme_guest: bool(r.scheme_guest),
  notify_props: parseJson(r.notify_props, {}),
});

export class KyselyChannelStore implements ChannelStore {
  constructor(private readonly db: Kysely<DB>) {}

  async get(id: string): Promise<ChannelRecord | undefined> {
    const r = await this.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toChannel(r);
  }

  async getMember(channelId: string, userId: string): Promise<ChannelMemberRecord | undefined> {
    const r = await this.db
      .selectFrom('channel_members')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r && toChannelMember(r);
  }
}
