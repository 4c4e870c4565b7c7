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

export interface ChannelStore {
  get(id: string): Promise<ChannelRecord | undefined>;
  getMember(channelId: string, userId: string): Promise<ChannelMemberRecord | undefined>;
}
