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

/** Which teams a listing or search covers. */
export type TeamFilter = {
  /** Only teams anyone may join (allow_open_invite). */
  openOnly?: boolean;
  /** Only invite-only teams. */
  inviteOnly?: boolean;
  includeDeleted?: boolean;
  /** Case-insensitive match on name or display name (contains). */
  term?: string;
};

export type TeamMemberListOptions = {
  /** Order by the members' usernames instead of by user id. */
  sortByUsername?: boolean;
  /** Leave out members whose accounts are deactivated. */
  excludeDeletedUsers?: boolean;
};

export interface TeamStore {
  get(id: string): Promise<TeamRecord | undefined>;
  getByName(name: string): Promise<TeamRecord | undefined>;
  /** Inserts a team; false (and nothing written) when the name is taken, even by a concurrent insert. */
  insert(team: TeamRecord): Promise<boolean>;
  update(id: string, patch: Partial<Omit<TeamRecord, 'id' | 'create_at'>>): Promise<void>;
  /** Teams ordered by display name, then name. */
  list(filter: TeamFilter, page: Page): Promise<TeamRecord[]>;
  count(filter: TeamFilter): Promise<number>;
  /** Teams the user is an active member of (archived teams left out). */
  forUser(userId: string): Promise<TeamRecord[]>;
  /** Removes a team with its members, channels and channel members. */
  deletePermanently(id: string): Promise<void>;

  getMember(teamId: string, userId: string): Promise<TeamMemberRecord | undefined>;
  getMembers(teamId: string, userIds: string[]): Promise<TeamMemberRecord[]>;
  /** Every active member's user id (for event delivery). */
  memberUserIds(teamId: string): Promise<string[]>;
  /** Memberships of a user; active ones only unless includeDeleted. */
  membersForUser(userId: string, includeDeleted?: boolean): Promise<TeamMemberRecord[]>;
  listMembers(teamId: string, page: Page, opts?: TeamMemberListOptions): Promise<TeamMemberRecord[]>;
  /**
   * Adds a membership, or reactivates one that was left (resetting its roles); false when the user is already an
   * active member, in which case nothing changes.
   */
  saveMember(member: TeamMemberRecord): Promise<boolean>;
  updateMember(teamId: string, userId: string, patch: Partial<Omit<TeamMemberRecord, 'team_id' | 'user_id'>>): Promise<void>;
  /** Active memberships, and those of them whose accounts are active. */
  countMembers(teamId: string): Promise<{ total: number; active: number }>;
  /** Whether two users share an active team. */
  shareTeam(userA: string, userB: string): Promise<boolean>;
}
