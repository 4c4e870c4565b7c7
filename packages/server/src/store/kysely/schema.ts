import type { Generated } from 'kysely';

// Row shapes as stored. Booleans read back as 0/1 on SQLite, so readers go through `Boolean()`.
type Bool = boolean | number;

export interface UsersTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: Generated<number>;
  username: string;
  password: Generated<string>;
  auth_service: Generated<string>;
  email: string;
  email_verified: Generated<Bool>;
  nickname: Generated<string>;
  first_name: Generated<string>;
  last_name: Generated<string>;
  position: Generated<string>;
  roles: Generated<string>;
  locale: Generated<string>;
  timezone: Generated<string>;
  notify_props: Generated<string>;
  props: Generated<string>;
  last_password_update: Generated<number>;
  last_picture_update: Generated<number>;
  failed_attempts: Generated<number>;
  is_bot: Generated<Bool>;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  create_at: number;
  expires_at: number;
  last_activity_at: number;
  device_id: Generated<string>;
  roles: Generated<string>;
  is_oauth: Generated<Bool>;
  csrf_token: Generated<string>;
  props: Generated<string>;
}

export interface UserAccessTokensTable {
  id: string;
  token_hash: string;
  user_id: string;
  description: Generated<string>;
  is_active: Generated<Bool>;
  create_at: number;
}

export interface TeamsTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: Generated<number>;
  display_name: string;
  name: string;
  description: Generated<string>;
  email: Generated<string>;
  type: Generated<string>;
  company_name: Generated<string>;
  allowed_domains: Generated<string>;
  invite_id: Generated<string>;
  allow_open_invite: Generated<Bool>;
  last_team_icon_update: Generated<number>;
  group_constrained: Generated<Bool>;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  roles: Generated<string>;
  scheme_user: Generated<Bool>;
  scheme_admin: Generated<Bool>;
  scheme_guest: Generated<Bool>;
  delete_at: Generated<number>;
  create_at: number;
}

export interface ChannelsTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: Generated<number>;
  team_id: Generated<string>;
  type: string;
  display_name: Generated<string>;
  name: string;
  header: Generated<string>;
  purpose: Generated<string>;
  last_post_at: Generated<number>;
  last_root_post_at: Generated<number>;
  total_msg_count: Generated<number>;
  total_msg_count_root: Generated<number>;
  creator_id: Generated<string>;
  group_constrained: Generated<Bool>;
  props: Generated<string>;
}

export interface ChannelMembersTable {
  channel_id: string;
  user_id: string;
  roles: Generated<string>;
  scheme_user: Generated<Bool>;
  scheme_admin: Generated<Bool>;
  scheme_guest: Generated<Bool>;
  last_viewed_at: Generated<number>;
  msg_count: Generated<number>;
  msg_count_root: Generated<number>;
  mention_count: Generated<number>;
  mention_count_root: Generated<number>;
  urgent_mention_count: Generated<number>;
  notify_props: Generated<string>;
  last_update_at: number;
}

export interface PreferencesTable {
  user_id: string;
  category: string;
  name: string;
  value: Generated<string>;
}

export interface PostsTable {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: Generated<number>;
  delete_at: Generated<number>;
  is_pinned: Generated<Bool>;
  user_id: string;
  channel_id: string;
  root_id: Generated<string>;
  original_id: Generated<string>;
  message: Generated<string>;
  type: Generated<string>;
  props: Generated<string>;
  hashtags: Generated<string>;
  file_ids: Generated<string>;
  pending_post_id: Generated<string>;
  has_reactions: Generated<Bool>;
  remote_id: Generated<string>;
  reply_count: Generated<number>;
  last_reply_at: Generated<number>;
}

export interface ReactionsTable {
  post_id: string;
  user_id: string;
  emoji_name: string;
  channel_id: string;
  create_at: number;
  update_at: number;
  delete_at: Generated<number>;
  remote_id: Generated<string>;
}

export interface FileInfosTable {
  id: string;
  creator_id: string;
  post_id: Generated<string>;
  channel_id: string;
  create_at: number;
  update_at: number;
  delete_at: Generated<number>;
  path: string;
  thumbnail_path: Generated<string>;
  preview_path: Generated<string>;
  name: string;
  extension: Generated<string>;
  size: number;
  mime_type: Generated<string>;
  width: Generated<number>;
  height: Generated<number>;
  has_preview_image: Generated<Bool>;
  mini_preview: string | null;
}

export interface SidebarCategoriesTable {
  id: string;
  user_id: string;
  team_id: string;
  sort_order: number;
  sorting: Generated<string>;
  type: string;
  display_name: string;
  muted: Generated<Bool>;
  collapsed: Generated<Bool>;
}

export interface SidebarChannelsTable {
  user_id: string;
  team_id: string;
  channel_id: string;
  category_id: string;
  sort_order: number;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  user_access_tokens: UserAccessTokensTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  channels: ChannelsTable;
  channel_members: ChannelMembersTable;
  preferences: PreferencesTable;
  posts: PostsTable;
  reactions: ReactionsTable;
  file_infos: FileInfosTable;
  sidebar_categories: SidebarCategoriesTable;
  sidebar_channels: SidebarChannelsTable;
}
