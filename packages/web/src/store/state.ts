import type { UserProfile } from '@mattermost/types/users';
import type { Team, TeamMembership } from '@mattermost/types/teams';
import type { ServerChannel as Channel, ChannelMembership } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { PreferenceType } from '@mattermost/types/preferences';
import type { ClientConfig } from '@mattermost/types/config';
import type { OrderedChannelCategories } from '@mattermost/types/channel_categories';
import { Store, useStoreSelector } from './store.ts';

/**
 * The posts of a channel we have loaded, oldest first, and whether older ones exist. `hasNewer`: the window ends
 * before the channel's newest post (after a permalink jump into history). `failed`: the last page load in that
 * direction failed and waits for the reader's Retry.
 */
export type PostWindow = { order: string[]; hasOlder: boolean; loading: boolean; hasNewer?: boolean; failed?: 'older' | 'newer' };

export type State = {
  config: Partial<ClientConfig>;
  me: UserProfile | null;
  /** Teams the user belongs to, by id; `myTeamIds` keeps their order. */
  teams: Record<string, Team>;
  myTeamIds: string[];
  teamMembers: Record<string, TeamMembership>;
  currentTeamId: string | null;
  currentChannelId: string | null;
  /** Every channel we know of (the user's own and browsed ones), by id. */
  channels: Record<string, Channel>;
  /** The user's channel memberships, by channel id (unread and mention counts live here). */
  myMembers: Record<string, ChannelMembership>;
  users: Record<string, UserProfile>;
  statuses: Record<string, string>;
  posts: Record<string, Post>;
  /** Root posts and replies of a channel in the order shown, oldest first. */
  channelPosts: Record<string, PostWindow>;
  /** Ids of replies of a thread, oldest first, by root id. */
  threads: Record<string, string[]>;
  /** Who is typing where: key `${channelId}:${rootId}` → user id → time it expires. */
  typing: Record<string, Record<string, number>>;
  preferences: PreferenceType[];
  categories: Record<string, OrderedChannelCategories>;
  /** The right-hand panel: a thread, search results, pinned posts, files — or nothing. */
  rhs:
    | { kind: 'thread'; rootId: string }
    | { kind: 'search'; terms: string }
    | { kind: 'pinned'; channelId: string }
    | { kind: 'files'; channelId: string }
    | { kind: 'history'; postId: string }
    | null;
  /** The post the permalink route asked to highlight. */
  highlightPostId: string | null;
  /** The post being edited inline (set by the post menu's Edit, or Up in an empty composer). */
  editingPostId: string | null;
  /** Per channel: the member's last_viewed_at when the channel was opened with unread posts (the "New messages" line). */
  newMessagesSince: Record<string, number>;
  connected: boolean;
  theme: 'light' | 'dark';
};

export const initialState: State = {
  config: {},
  me: null,
  teams: {},
  myTeamIds: [],
  teamMembers: {},
  currentTeamId: null,
  currentChannelId: null,
  channels: {},
  myMembers: {},
  users: {},
  statuses: {},
  posts: {},
  channelPosts: {},
  threads: {},
  typing: {},
  preferences: [],
  categories: {},
  rhs: null,
  highlightPostId: null,
  editingPostId: null,
  newMessagesSince: {},
  connected: true,
  // Until a theme preference is known (and on the login pages), follow the system's setting.
  theme: typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
};

export const store = new Store<State>(initialState);

export function useAppState<T>(select: (s: State) => T): T {
  return useStoreSelector(store, select);
}

/** Replaces entries of a record, keeping the object identity when nothing changes. */
export function merge<T>(record: Record<string, T>, items: readonly T[], key: (item: T) => string): Record<string, T> {
  if (items.length === 0) return record;
  const next = { ...record };
  for (const item of items) next[key(item)] = item;
  return next;
}

export function without<T>(record: Record<string, T>, id: string): Record<string, T> {
  if (!(id in record)) return record;
  const next = { ...record };
  delete next[id];
  return next;
}
