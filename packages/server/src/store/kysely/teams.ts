import type { Kysely, Selectable } from 'kysely';
import type { DB, TeamMembersTable, TeamsTable } from './schema.ts';
import type { TeamMemberRecord, TeamRecord, TeamStore } from '../teams.ts';
import type { Page } from '../store.ts';
import { bool, offsetOf } from './util.ts';

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

  async getMember(teamId: string, userId: string): Promise<TeamMemberRecord | undefined> {
    const r = await this.db
      .selectFrom('team_members')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r && toTeamMember(r);
  }

  async membersForUser(userId: string): Promise<TeamMemberRecord[]> {
    const rows = await this.db.selectFrom('team_members').selectAll().where('user_id', '=', userId).where('delete_at', '=', 0).execute();
    return rows.map(toTeamMember);
  }

  async listMembers(teamId: string, page: Page): Promise<TeamMemberRecord[]> {
    const rows = await this.db
      .selectFrom('team_members')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('delete_at', '=', 0)
      .orderBy('user_id')
      .limit(page.perPage)
      .offset(offsetOf(page))
      .execute();
    return rows.map(toTeamMember);
  }
}
