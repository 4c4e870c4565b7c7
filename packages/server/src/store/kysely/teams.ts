import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, TeamMembersTable, TeamsTable } from './schema.ts';
import type { TeamFilter, TeamMemberListOptions, TeamMemberRecord, TeamRecord, TeamStore } from '../teams.ts';
import type { Page } from '../store.ts';
import { bool, ilike, likeContains, offsetOf } from './util.ts';

export const toTeam = (r: Selectable<TeamsTable>): TeamRecord => ({
  ...r,
  type: r.type as TeamRecord['type'],
  allow_open_invite: bool(r.allow_open_invite),
  group_constrained: bool(r.group_constrained),
});

export const toTeamMember = (r: Selectable<TeamMembersTable>): TeamMemberRecord => ({
  ...r,
  scheme_user: bool(r.scheme_user),
  scheme_admin: bool(r.scheme_admin),
  scheme_guest: bool(r.scheme_guest),
});

export class KyselyTeamStore implements TeamStore {
  constructor(private readonly db: Kysely<DB>) {}

  async get(id: string): Promise<TeamRecord | undefined> {
    const r = await this.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toTeam(r);
  }

  async getByName(name: string): Promise<TeamRecord | undefined> {
    const r = await this.db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
    return r && toTeam(r);
  }

  async insert(team: TeamRecord): Promise<boolean> {
    // ON CONFLICT DO NOTHING keeps a PostgreSQL transaction usable where a unique violation would abort it.
    const r = await this.db
      .insertInto('teams')
      .values(team)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async update(id: string, patch: Partial<Omit<TeamRecord, 'id' | 'create_at'>>): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db.updateTable('teams').set(patch).where('id', '=', id).execute();
  }

  private filtered(filter: TeamFilter) {
    let q = this.db.selectFrom('teams');
    if (!filter.includeDeleted) q = q.where('delete_at', '=', 0);
    if (filter.openOnly) q = q.where('allow_open_invite', '=', true);
    if (filter.inviteOnly) q = q.where('allow_open_invite', '=', false);
    if (filter.term) {
      const pattern = likeContains(filter.term);
      q = q.where((eb) => eb.or([ilike(sql.ref('name'), pattern), ilike(sql.ref('display_name'), pattern)]));
    }
    return q;
  }

  async list(filter: TeamFilter, page: Page): Promise<TeamRecord[]> {
    const rows = await this.filtered(filter)
      .selectAll()
      .orderBy('display_name')
      .orderBy('name')
      .limit(page.perPage)
      .offset(offsetOf(page))
      .execute();
    return rows.map(toTeam);
  }

  async count(filter: TeamFilter): Promise<number> {
    const r = await this.filtered(filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async forUser(userId: string): Promise<TeamRecord[]> {
    const rows = await this.db
      .selectFrom('teams')
      .innerJoin('team_members', 'team_members.team_id', 'teams.id')
      .selectAll('teams')
      .where('team_members.user_id', '=', userId)
      .where('team_members.delete_at', '=', 0)
      .where('teams.delete_at', '=', 0)
      .orderBy('teams.display_name')
      .execute();
    return rows.map(toTeam);
  }

  async deletePermanently(id: string): Promise<void> {
    const channelIds = this.db.selectFrom('channels').select('id').where('team_id', '=', id);
    await this.db.deleteFrom('channel_members').where('channel_id', 'in', channelIds).execute();
    await this.db.deleteFrom('channels').where('team_id', '=', id).execute();
    await this.db.deleteFrom('team_members').where('team_id', '=', id).execute();
    await this.db.deleteFrom('teams').where('id', '=', id).execute();
  }

  async getMember(teamId: string, userId: string): Promise<TeamMemberRecord | undefined> {
    const r = await this.db
      .selectFrom('team_members')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r && toTeamMember(r);
  }

  async getMembers(teamId: string, userIds: string[]): Promise<TeamMemberRecord[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('team_members')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('user_id', 'in', userIds)
      .orderBy('user_id')
      .execute();
    return rows.map(toTeamMember);
  }

  async memberUserIds(teamId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).where('delete_at', '=', 0).execute();
    return rows.map((r) => r.user_id);
  }

  async membersForUser(userId: string, includeDeleted = false): Promise<TeamMemberRecord[]> {
    let q = this.db.selectFrom('team_members').selectAll().where('user_id', '=', userId);
    if (!includeDeleted) q = q.where('delete_at', '=', 0);
    const rows = await q.orderBy('team_id').execute();
    return rows.map(toTeamMember);
  }

  async listMembers(teamId: string, page: Page, opts: TeamMemberListOptions = {}): Promise<TeamMemberRecord[]> {
    let q = this.db
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .selectAll('team_members')
      .where('team_members.team_id', '=', teamId)
      .where('team_members.delete_at', '=', 0);
    if (opts.excludeDeletedUsers) q = q.where('users.delete_at', '=', 0);
    q = opts.sortByUsername ? q.orderBy('users.username') : q.orderBy('team_members.user_id');
    const rows = await q.limit(page.perPage).offset(offsetOf(page)).execute();
    return rows.map(toTeamMember);
  }

  async saveMember(member: TeamMemberRecord): Promise<boolean> {
    const r = await this.db
      .insertInto('team_members')
      .values(member)
      .onConflict((oc) =>
        oc
          .columns(['team_id', 'user_id'])
          .doUpdateSet({
            roles: member.roles,
            scheme_user: member.scheme_user,
            scheme_admin: member.scheme_admin,
            scheme_guest: member.scheme_guest,
            delete_at: 0,
          })
          .where('team_members.delete_at', '>', 0),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async updateMember(teamId: string, userId: string, patch: Partial<Omit<TeamMemberRecord, 'team_id' | 'user_id'>>): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db.updateTable('team_members').set(patch).where('team_id', '=', teamId).where('user_id', '=', userId).execute();
  }

  async countMembers(teamId: string): Promise<{ total: number; active: number }> {
    const r = await this.db
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.sum<number>(eb.case().when('users.delete_at', '=', 0).then(1).else(0).end()).as('active'),
      ])
      .where('team_members.team_id', '=', teamId)
      .where('team_members.delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    return { total: Number(r.total), active: Number(r.active ?? 0) };
  }

  async shareTeam(userA: string, userB: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('team_members as a')
      .innerJoin('team_members as b', 'b.team_id', 'a.team_id')
      .innerJoin('teams', 'teams.id', 'a.team_id')
      .select('a.team_id')
      .where('a.user_id', '=', userA)
      .where('b.user_id', '=', userB)
      .where('a.delete_at', '=', 0)
      .where('b.delete_at', '=', 0)
      .where('teams.delete_at', '=', 0)
      .limit(1)
      .executeTakeFirst();
    return !!r;
  }
}
