import type { Channel, ChannelMembership } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { ChannelMemberRecord, ChannelRecord } from '../store/channels.ts';
import type { TeamMemberRecord, TeamRecord } from '../store/teams.ts';
import { memberRoles } from './permissions.ts';

// Teams, channels and their memberships as Mattermost's API shows them (@mattermost/types).

export type TeamJson = Omit<Team, 'scheme_id'> & { scheme_id: string | null; last_team_icon_update: number; cloud_limits_archived: boolean };

export function teamJson(t: TeamRecord): TeamJson {
  return {
    id: t.id,
    create_at: t.create_at,
    update_at: t.update_at,
    delete_at: t.delete_at,
    display_name: t.display_name,
    name: t.name,
    description: t.description,
    email: t.email,
    type: t.type,
    company_name: t.company_name,
    allowed_domains: t.allowed_domains,
    invite_id: t.invite_id,
    allow_open_invite: t.allow_open_invite,
    last_team_icon_update: t.last_team_icon_update,
    scheme_id: null,
    group_constrained: t.group_constrained,
    policy_id: null,
    cloud_limits_archived: false,
  };
}

/** Mattermost's TeamMember: `roles` holds the effective roles, `explicit_roles` the ones granted beyond the scheme. */
export type TeamMemberJson = {
  team_id: string;
  user_id: string;
  roles: string;
  delete_at: number;
  scheme_user: boolean;
  scheme_admin: boolean;
  scheme_guest: boolean;
  explicit_roles: string;
  create_at: number;
};

export function teamMemberJson(m: TeamMemberRecord): TeamMemberJson {
  return {
    team_id: m.team_id,
    user_id: m.user_id,
    roles: memberRoles('team', m),
    delete_at: m.delete_at,
    scheme_user: m.scheme_user,
    scheme_admin: m.scheme_admin,
    scheme_guest: m.scheme_guest,
    explicit_roles: m.roles,
    create_at: m.create_at,
  };
}

export type ChannelJson = Omit<Channel, 'scheme_id'> & { scheme_id: string | null; total_msg_count: number; total_msg_count_root: number };

export function channelJson(c: ChannelRecord): ChannelJson {
  return {
    id: c.id,
    create_at: c.create_at,
    update_at: c.update_at,
    delete_at: c.delete_at,
    team_id: c.team_id,
    type: c.type,
    display_name: c.display_name,
    name: c.name,
    header: c.header,
    purpose: c.purpose,
    last_post_at: c.last_post_at,
    last_root_post_at: c.last_root_post_at,
    total_msg_count: c.total_msg_count,
    total_msg_count_root: c.total_msg_count_root,
    creator_id: c.creator_id,
    scheme_id: null,
    group_constrained: c.group_constrained,
    shared: false,
    props: c.props,
    policy_id: null,
  };
}

export type ChannelMemberJson = ChannelMembership & { scheme_guest: boolean; explicit_roles: string };

export function channelMemberJson(m: ChannelMemberRecord): ChannelMemberJson {
  return {
    channel_id: m.channel_id,
    user_id: m.user_id,
    roles: memberRoles('channel', m),
    last_viewed_at: m.last_viewed_at,
    msg_count: m.msg_count,
    msg_count_root: m.msg_count_root,
    mention_count: m.mention_count,
    mention_count_root: m.mention_count_root,
    urgent_mention_count: m.urgent_mention_count,
    notify_props: m.notify_props,
    last_update_at: m.last_update_at,
    scheme_user: m.scheme_user,
    scheme_admin: m.scheme_admin,
    scheme_guest: m.scheme_guest,
    explicit_roles: m.roles,
  };
}
