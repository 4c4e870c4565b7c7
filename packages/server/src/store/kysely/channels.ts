import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { ChannelMembersTable, ChannelsTable, DB } from './schema.ts';
import type {
  ChannelMemberRecord,
  ChannelRecord,
  ChannelSearch,
  ChannelStore,
  ChannelType,
  ChannelForRead,
  ChannelUnreadRow,
  ChannelMemberRoles,
  TeamChannelFilter,
} from '../channels.ts';
import type { Page } from '../store.ts';
import { lastPostChange, toLastChange, type LastPostChangeRow } from './posts.ts';
import { bool, ilike, likeContains, likePrefix, offsetOf, parseJson } from './util.ts';

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

/** The channel row in scope has userId among its members (served by the channel_members primary key). */
const isMemberOf = (eb: ExpressionBuilder<DB, 'channels'>, userId: string) =>
  eb.exists(
    eb
      .selectFrom('channel_members')
      .select('channel_members.user_id')
      .whereRef('channel_members.channel_id', '=', 'channels.id')
      .where('channel_members.user_id', '=', userId),
  );

function channelRow<T extends Partial<ChannelRecord>>(c: T) {
  const { props, ...rest } = c;
  return props === undefined ? rest : { ...rest, props: JSON.stringify(props) };
}

function memberRow<T extends Partial<ChannelMemberRecord>>(m: T) {
  const { notify_props, ...rest } = m;
  return notify_props === undefined ? rest : { ...rest, notify_props: JSON.stringify(notify_props) };
}

export class KyselyChannelStore implements ChannelStore {
  constructor(private readonly db: Kysely<DB>) {}

  async get(id: string): Promise<ChannelRecord | undefined> {
    const r = await this.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toChannel(r);
  }

  async getMany(ids: string[]): Promise<ChannelRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('channels').selectAll().where('id', 'in', ids).execute();
    return rows.map(toChannel);
  }

  async getByName(teamId: string, name: string, includeDeleted = false): Promise<ChannelRecord | undefined> {
    let q = this.db.selectFrom('channels').selectAll().where('team_id', '=', teamId).where('name', '=', name);
    if (!includeDeleted) q = q.where('delete_at', '=', 0);
    const r = await q.executeTakeFirst();
    return r && toChannel(r);
  }

  async insert(channel: ChannelRecord): Promise<boolean> {
    // ON CONFLICT DO NOTHING keeps a PostgreSQL transaction usable where a unique violation would abort it.
    const r = await this.db
      .insertInto('channels')
      .values(channelRow(channel))
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async update(id: string, patch: Partial<Omit<ChannelRecord, 'id' | 'create_at' | 'type' | 'team_id'>> & { type?: ChannelType }): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db.updateTable('channels').set(channelRow(patch)).where('id', '=', id).execute();
  }

  async namesWithPrefix(teamId: string, base: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('channels')
      .select('name')
      .where('team_id', '=', teamId)
      .where((eb) => eb.or([eb('name', '=', base), sql<boolean>`name like ${likePrefix(base + '-')} escape '\\'`]))
      .execute();
    return rows.map((r) => r.name);
  }

  async listForTeam(teamId: string, filter: TeamChannelFilter, page: Page): Promise<ChannelRecord[]> {
    let q = this.db.selectFrom('channels').selectAll('channels').where('channels.team_id', '=', teamId).where('channels.type', 'in', filter.types);
    q = filter.deleted ? q.where('channels.delete_at', '>', 0) : q.where('channels.delete_at', '=', 0);
    const viewer = filter.privateMemberOf;
    if (viewer !== undefined) q = q.where((eb) => eb.or([eb('channels.type', '=', 'O'), isMemberOf(eb, viewer)]));
    const rows = await q.orderBy('channels.display_name').orderBy('channels.name').limit(page.perPage).offset(offsetOf(page)).execute();
    return rows.map(toChannel);
  }

  async countForTeam(teamId: string): Promise<number> {
    const r = await this.db
      .selectFrom('channels')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('team_id', '=', teamId)
      .where('type', 'in', ['O', 'P'])
      .where('delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async forUser(userId: string, opts: { teamId?: string; includeDeleted?: boolean }): Promise<ChannelRecord[]> {
    let q = this.db
      .selectFrom('channels')
      .innerJoin('channel_members', 'channel_members.channel_id', 'channels.id')
      .selectAll('channels')
      .where('channel_members.user_id', '=', userId);
    const teamId = opts.teamId;
    if (teamId !== undefined) q = q.where((eb) => eb.or([eb('channels.team_id', '=', teamId), eb('channels.team_id', '=', '')]));
    if (!opts.includeDeleted) q = q.where('channels.delete_at', '=', 0);
    const rows = await q.orderBy('channels.display_name').orderBy('channels.name').execute();
    return rows.map(toChannel);
  }

  async search(teamId: string, s: ChannelSearch): Promise<ChannelRecord[]> {
    let q = this.db
      .selectFrom('channels')
      .selectAll('channels')
      .where('channels.team_id', '=', teamId)
      .where('channels.type', 'in', s.types)
      .where('channels.delete_at', '=', 0);
    const term = s.term.trim();
    if (term !== '') {
      q = q.where((eb) => {
        if (!s.prefix) {
          const pattern = likeContains(term);
          return eb.or([ilike(sql.ref('channels.name'), pattern), ilike(sql.ref('channels.display_name'), pattern)]);
        }
        const start = likePrefix(term);
        // A word inside the handle starts after "-" or "_"; inside the display name, after a space.
        return eb.or([
          ilike(sql.ref('channels.name'), start),
          ilike(sql.ref('channels.display_name'), start),
          ilike(sql.ref('channels.name'), '%-' + start),
          ilike(sql.ref('channels.name'), '%\\_' + start),
          ilike(sql.ref('channels.display_name'), '% ' + start),
        ]);
      });
    }
    const memberOf = s.memberOf;
    if (memberOf !== undefined) q = q.where((eb) => isMemberOf(eb, memberOf));
    const visibleTo = s.visibleTo;
    if (visibleTo !== undefined) q = q.where((eb) => eb.or([eb('channels.type', '=', 'O'), isMemberOf(eb, visibleTo)]));
    const rows = await q.orderBy('channels.display_name').orderBy('channels.name').limit(s.limit).execute();
    return rows.map(toChannel);
  }

  async findByNameOrDisplayName(teamId: string, keys: string[]): Promise<ChannelRecord[]> {
    if (keys.length === 0) return [];
    const lower = [...new Set(keys.map((k) => k.toLowerCase()))];
    const rows = await this.db
      .selectFrom('channels')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('delete_at', '=', 0)
      .where((eb) => eb.or([eb(sql`lower(name)`, 'in', lower), eb(sql`lower(display_name)`, 'in', lower)]))
      .orderBy('create_at')
      .orderBy('id')
      .execute();
    return rows.map(toChannel);
  }

  async deletePermanently(id: string): Promise<void> {
    await this.db.deleteFrom('channel_members').where('channel_id', '=', id).execute();
    await this.db.deleteFrom('channels').where('id', '=', id).execute();
  }

  async getWithMemberRoles(channelId: string, userId: string, withLastPostChange = false): Promise<ChannelForRead | undefined> {
    const r = await this.db
      .selectFrom('channels as c')
      .leftJoin('channel_members as cm', (j) => j.onRef('cm.channel_id', '=', 'c.id').on('cm.user_id', '=', userId))
      .selectAll('c')
      .select(['cm.user_id as m_user_id', 'cm.roles as m_roles', 'cm.scheme_user as m_scheme_user', 'cm.scheme_admin as m_scheme_admin'])
      .$if(withLastPostChange, (q) => q.select(lastPostChange(sql.ref('c.id'))))
      .where('c.id', '=', channelId)
      .executeTakeFirst();
    if (!r) return undefined;
    const { m_user_id, m_roles, m_scheme_user, m_scheme_admin, last_update_at, last_update_count, ...channel } = r as typeof r & Partial<LastPostChangeRow>;
    return {
      channel: toChannel(channel),
      member: m_user_id === null || m_user_id === undefined ? undefined : { roles: m_roles ?? '', scheme_user: bool(m_scheme_user ?? false), scheme_admin: bool(m_scheme_admin ?? false) },
      ...(withLastPostChange ? { lastPostChange: toLastChange({ last_update_at, last_update_count }) } : {}),
    };
  }

  async memberRolesForUser(userId: string): Promise<ChannelMemberRoles[]> {
    const rows = await this.db
      .selectFrom('channel_members')
      .select(['channel_id', 'roles', 'scheme_user', 'scheme_admin'])
      .where('user_id', '=', userId)
      .execute();
    return rows.map((r) => ({ ...r, scheme_user: bool(r.scheme_user), scheme_admin: bool(r.scheme_admin) }));
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

  async getMembers(channelId: string, userIds: string[]): Promise<ChannelMemberRecord[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('channel_members')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('user_id', 'in', userIds)
      .orderBy('user_id')
      .execute();
    return rows.map(toChannelMember);
  }

  async listMembers(channelId: string, page: Page): Promise<ChannelMemberRecord[]> {
    const rows = await this.db
      .selectFrom('channel_members')
      .selectAll()
      .where('channel_id', '=', channelId)
      .orderBy('user_id')
      .limit(page.perPage)
      .offset(offsetOf(page))
      .execute();
    return rows.map(toChannelMember);
  }

  async membersForUser(userId: string, teamId: string): Promise<ChannelMemberRecord[]> {
    const rows = await this.db
      .selectFrom('channel_members')
      .innerJoin('channels', 'channels.id', 'channel_members.channel_id')
      .selectAll('channel_members')
      .where('channel_members.user_id', '=', userId)
      .where((eb) => eb.or([eb('channels.team_id', '=', teamId), eb('channels.team_id', '=', '')]))
      .orderBy('channel_members.channel_id')
      .execute();
    return rows.map(toChannelMember);
  }

  async insertMember(member: ChannelMemberRecord): Promise<boolean> {
    const r = await this.db
      .insertInto('channel_members')
      .values(memberRow(member))
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async updateMember(channelId: string, userId: string, patch: Partial<Omit<ChannelMemberRecord, 'channel_id' | 'user_id'>>): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db.updateTable('channel_members').set(memberRow(patch)).where('channel_id', '=', channelId).where('user_id', '=', userId).execute();
  }

  async removeMember(channelId: string, userId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('channel_members').where('channel_id', '=', channelId).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async removeMemberFromTeamChannels(teamId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('channel_members')
      .innerJoin('channels', 'channels.id', 'channel_members.channel_id')
      .select('channel_members.channel_id')
      .where('channel_members.user_id', '=', userId)
      .where('channels.team_id', '=', teamId)
      .execute();
    const ids = rows.map((r) => r.channel_id);
    if (ids.length > 0) await this.db.deleteFrom('channel_members').where('user_id', '=', userId).where('channel_id', 'in', ids).execute();
    return ids;
  }

  async countMembers(channelId: string): Promise<number> {
    const r = await this.db
      .selectFrom('channel_members')
      .innerJoin('users', 'users.id', 'channel_members.user_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel_members.channel_id', '=', channelId)
      .where('users.delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async memberUserIds(channelId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('channel_members').select('user_id').where('channel_id', '=', channelId).execute();
    return rows.map((r) => r.user_id);
  }

  async channelIdsForUser(userId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('channel_members').select('channel_id').where('user_id', '=', userId).execute();
    return rows.map((r) => r.channel_id);
  }

  async markViewed(userId: string, channelIds: string[], at: number): Promise<string[]> {
    if (channelIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('channel_members')
      .select('channel_id')
      .where('user_id', '=', userId)
      .where('channel_id', 'in', channelIds)
      .execute();
    const ids = rows.map((r) => r.channel_id);
    if (ids.length === 0) return [];
    const total = (column: 'total_msg_count' | 'total_msg_count_root') =>
      sql<number>`(select ${sql.ref(`channels.${column}`)} from channels where channels.id = channel_members.channel_id)`;
    await this.db
      .updateTable('channel_members')
      .set({
        last_viewed_at: at,
        last_update_at: at,
        msg_count: total('total_msg_count'),
        msg_count_root: total('total_msg_count_root'),
        mention_count: 0,
        mention_count_root: 0,
        urgent_mention_count: 0,
      })
      .where('user_id', '=', userId)
      .where('channel_id', 'in', ids)
      .execute();
    return ids;
  }

  async unreadRows(userId: string): Promise<ChannelUnreadRow[]> {
    const rows = await this.db
      .selectFrom('channel_members')
      .innerJoin('channels', 'channels.id', 'channel_members.channel_id')
      .selectAll('channel_members')
      .select(['channels.team_id', 'channels.type', 'channels.total_msg_count', 'channels.total_msg_count_root'])
      .where('channel_members.user_id', '=', userId)
      .where('channels.team_id', '!=', '')
      .where('channels.delete_at', '=', 0)
      .execute();
    return rows.map(({ team_id, type, total_msg_count, total_msg_count_root, ...m }) => ({
      channel_id: m.channel_id,
      team_id,
      type: type as ChannelType,
      total_msg_count,
      total_msg_count_root,
      member: toChannelMember(m),
    }));
  }
}
