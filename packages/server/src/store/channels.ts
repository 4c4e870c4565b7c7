import type { Page } from './store.ts';

export type ChannelType = 'O' | 'P' | 'D' | 'G';

export type ChannelRecord = {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  team_id: string;
  type: ChannelType;
  display_name: string;
  name: string;
  header: string;
  purpose: string;
  last_post_at: number;
  last_root_post_at: number;
  total_msg_count: number;
  total_msg_count_root: number;
  creator_id: string;
  group_constrained: boolean;
  props: Record<string, unknown>;
};

export type ChannelMemberRecord = {
  channel_id: string;
  user_id: string;
  roles: string;
  scheme_user: boolean;
  scheme_admin: boolean;
  scheme_guest: boolean;
  last_viewed_at: number;
  msg_count: number;
  msg_count_root: number;
  mention_count: number;
  mention_count_root: number;
  urgent_mention_count: number;
  notify_props: Record<string, string>;
  last_update_at: number;
};

/** Which of a team's channels a listing covers. */
export type TeamChannelFilter = {
  types: Array<'O' | 'P'>;
  /** Archived channels only (default: live channels only). */
  deleted?: boolean;
  /** Private channels only where this user is a member (public ones regardless). */
  privateMemberOf?: string;
};

export type ChannelSearch = {
  term: string;
  types: Array<'O' | 'P'>;
  /** Match the term at the start of the handle or display name (or of a word in it) instead of anywhere. */
  prefix?: boolean;
  /** Only channels this user is a member of. */
  memberOf?: string;
  /** Public channels, plus private ones this user is a member of. */
  visibleTo?: string;
  limit: number;
};

/** A member's roles in a channel. */
export type MemberRoles = { roles: string; scheme_user: boolean; scheme_admin: boolean };

/** A user's roles in one of their channels. */
export type ChannelMemberRoles = { channel_id: string } & MemberRoles;

/** What a read check needs: the channel, the user's roles in it (undefined when not a member), maybe its posts' last change. */
export type ChannelForRead = {
  channel: ChannelRecord;
  member?: MemberRoles;
  /**
   * The channel's newest post change (create, edit, reaction, pin, delete; edit history included) and how many posts
   * share that update_at: what the channel's posts ETag is made of. { 0, 0 } for a channel without posts.
   */
  lastPostChange?: { update_at: number; count: number };
};

/** A membership with the counters of its channel, for unread totals. */
export type ChannelUnreadRow = {
  channel_id: string;
  team_id: string;
  type: ChannelType;
  total_msg_count: number;
  total_msg_count_root: number;
  member: ChannelMemberRecord;
};

export interface ChannelStore {
  get(id: string): Promise<ChannelRecord | undefined>;
  getMany(ids: string[]): Promise<ChannelRecord[]>;
  getByName(teamId: string, name: string, includeDeleted?: boolean): Promise<ChannelRecord | undefined>;
  /** Inserts a channel; false (and nothing written) when the team already has the handle, even by a concurrent insert. */
  insert(channel: ChannelRecord): Promise<boolean>;
  update(id: string, patch: Partial<Omit<ChannelRecord, 'id' | 'create_at' | 'type' | 'team_id'>> & { type?: ChannelType }): Promise<void>;
  /** Handles in a team equal to base or starting with `base-` (live and archived), for picking a free one. */
  namesWithPrefix(teamId: string, base: string): Promise<string[]>;
  /** A team's channels ordered by display name. */
  listForTeam(teamId: string, filter: TeamChannelFilter, page: Page): Promise<ChannelRecord[]>;
  /** Live public and private channels of a team. */
  countForTeam(teamId: string): Promise<number>;
  /**
   * Channels the user is a member of, ordered by display name: with teamId, that team's channels plus the user's
   * direct and group messages; without, every channel.
   */
  forUser(userId: string, opts: { teamId?: string; includeDeleted?: boolean }): Promise<ChannelRecord[]>;
  search(teamId: string, search: ChannelSearch): Promise<ChannelRecord[]>;
  /** Live channels of a team whose handle or display name equals one of the keys, case-insensitively. */
  findByNameOrDisplayName(teamId: string, keys: string[]): Promise<ChannelRecord[]>;
  /** Removes a channel and its members. */
  deletePermanently(id: string): Promise<void>;

  getMember(channelId: string, userId: string): Promise<ChannelMemberRecord | undefined>;
  /**
   * A channel and the user's role fields in it (undefined when not a member) in one statement: what a read check
   * needs for a member; with `withLastPostChange`, also what the channel's posts ETag is made of.
   */
  getWithMemberRoles(channelId: string, userId: string, withLastPostChange?: boolean): Promise<ChannelForRead | undefined>;
  /** Every channel the user is a member of, with their roles there: what read checks need, for all at once. */
  memberRolesForUser(userId: string): Promise<ChannelMemberRoles[]>;
  getMembers(channelId: string, userIds: string[]): Promise<ChannelMemberRecord[]>;
  listMembers(channelId: string, page: Page): Promise<ChannelMemberRecord[]>;
  /** The user's memberships in a team's channels and in their direct and group messages. */
  membersForUser(userId: string, teamId: string): Promise<ChannelMemberRecord[]>;
  /** Adds a membership; false when the user is already a member, in which case nothing changes. */
  insertMember(member: ChannelMemberRecord): Promise<boolean>;
  updateMember(channelId: string, userId: string, patch: Partial<Omit<ChannelMemberRecord, 'channel_id' | 'user_id'>>): Promise<void>;
  /** Removes a membership; false when there was none. */
  removeMember(channelId: string, userId: string): Promise<boolean>;
  /** Removes the user from every channel of the team; returns the channels they were in. */
  removeMemberFromTeamChannels(teamId: string, userId: string): Promise<string[]>;
  /** Members whose accounts are active. */
  countMembers(channelId: string): Promise<number>;
  /** Every member's user id (for event delivery). */
  memberUserIds(channelId: string): Promise<string[]>;
  channelIdsForUser(userId: string): Promise<string[]>;
  /**
   * Marks channels read for a member: last_viewed_at = at, read counts = the channel's totals, mentions cleared.
   * Channels the user is not a member of are skipped; returns the channels marked.
   */
  markViewed(userId: string, channelIds: string[], at: number): Promise<string[]>;
  /** The user's memberships in live team channels, with the channel totals. */
  unreadRows(userId: string): Promise<ChannelUnreadRow[]>;
}
