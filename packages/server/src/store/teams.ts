import type { Page } from './store.ts';

export type TeamRecord = {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  display_name: string;
  name: string;
  description: string;
  email: string;
  type: 'O' | 'I';
  company_name: string;
  allowed_domains: string;
  invite_id: string;
  allow_open_invite: boolean;
  last_team_icon_update: number;
  group_constrained: boolean;
};

export type TeamMemberRecord = {
  team_id: string;
  user_id: string;
  roles: string;
  scheme_user: boolean;
  scheme_admin: boolean;
  scheme_guest: boolean;
  delete_at: number;
  create_at: number;
};

export interface TeamStore {
  get(id: string): Promise<TeamRecord | undefined>;
  getMember(teamId: string, userId: string): Promise<TeamMemberRecord | undefined>;
  /** Active memberships of a user (delete_at = 0). */
  membersForUser(userId: string): Promise<TeamMemberRecord[]>;
  listMembers(teamId: string, page: Page): Promise<TeamMemberRecord[]>;
}
