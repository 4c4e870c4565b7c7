// Sidebar actions: categories (stored on the server when it has the categories API, else computed here),
// favourites, mutes, creating/leaving/archiving channels, direct and group messages, and team unreads.
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import type { ChannelCategory, OrderedChannelCategories } from '@mattermost/types/channel_categories';
import type { PreferenceType } from '@mattermost/types/preferences';
import type { TeamUnread } from '@mattermost/types/teams';
import { client } from '../client.ts';
import { store, without } from '../store/state.ts';
import { onEvent } from './websocket.ts';
import { ensureUsers } from './users.ts';
import { defaultCategoryId } from '../components/sidebar/sidebar-model.ts';

const FAVORITE = 'favorite_channel';
/** Collapsed default categories when the server has no categories API (a per-browser setting then). */
const COLLAPSED_KEY = 'prat.sidebar.collapsed';

const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export function isFavorite(s: { preferences: PreferenceType[] }, channelId: string): boolean {
  return s.preferences.some((p) => p.category === FAVORITE && p.name === channelId && p.value === 'true');
}

/** Whether a channel is muted: Mattermost marks it by notify_props.mark_unread = 'mention'. */
export function isMuted(s: { myMembers: Record<string, { notify_props?: { mark_unread?: string } }> }, channelId: string): boolean {
  return s.myMembers[channelId]?.notify_props?.mark_unread === 'mention';
}

export async function loadCategories(teamId: string): Promise<void> {
  const me = store.get().me;
  if (!me) return;
  try {
    const categories = await client.getChannelCategories(me.id, teamId);
    store.update((s) => ({ categories: { ...s.categories, [teamId]: categories } }));
  } catch {
    // No categories API on this server: the sidebar computes the default ones.
  }
}

function categoriesOf(teamId: string): OrderedChannelCategories | undefined {
  return store.get().categories[teamId];
}

function putCategories(teamId: string, changed: ChannelCategory[]): void {
  store.update((s) => {
    const current = s.categories[teamId];
    if (!current) return {};
    const byId = new Map(changed.map((c) => [c.id, c]));
    const categories = current.categories.map((c) => byId.get(c.id) ?? c);
    for (const c of changed) if (!current.categories.some((x) => x.id === c.id)) categories.push(c);
    return { categories: { ...s.categories, [teamId]: { ...current, categories } } };
  });
}

/** Moves a channel into a category (out of every other), on the server when it has categories. */
export async function moveToCategory(teamId: string, channelId: string, categoryId: string): Promise<void> {
  const me = store.get().me!;
  const current = categoriesOf(teamId);
  if (!current) return;
  const changed: ChannelCategory[] = [];
  for (const c of current.categories) {
    if (c.id === categoryId) {
      if (!c.channel_ids.includes(channelId)) changed.push({ ...c, channel_ids: [channelId, ...c.channel_ids] });
    } else if (c.channel_ids.includes(channelId)) {
      changed.push({ ...c, channel_ids: c.channel_ids.filter((id) => id !== channelId) });
    }
  }
  if (changed.length === 0) return;
  putCategories(teamId, changed);
  try {
    putCategories(teamId, await client.updateChannelCategories(me.id, teamId, changed));
  } catch (err) {
    await loadCategories(teamId);
    throw err;
  }
}

export async function createCategory(teamId: string, displayName: string, channelIds: string[] = []): Promise<ChannelCategory> {
  const me = store.get().me!;
  const category = await client.createChannelCategory(me.id, teamId, { display_name: displayName, channel_ids: channelIds });
  await loadCategories(teamId);
  return category;
}

export async function renameCategory(teamId: string, category: ChannelCategory, displayName: string): Promise<void> {
  const me = store.get().me!;
  putCategories(teamId, [await client.updateChannelCategory(me.id, teamId, { ...category, display_name: displayName })]);
}

export async function deleteCategory(teamId: string, categoryId: string): Promise<void> {
  const me = store.get().me!;
  await client.deleteChannelCategory(me.id, teamId, categoryId);
  await loadCategories(teamId);
}

/** Collapses or expands a category: stored on the server, or in this browser for computed categories. */
export async function setCollapsed(teamId: string, categoryId: string, collapsed: boolean): Promise<void> {
  const stored = categoriesOf(teamId)?.categories.find((c) => c.id === categoryId);
  if (!stored) {
    const set = new Set(readCollapsed());
    if (collapsed) set.add(categoryId);
    else set.delete(categoryId);
    localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...set]));
    store.update(() => ({ categories: { ...store.get().categories } }));
    return;
  }
  const next = { ...stored, collapsed };
  putCategories(teamId, [next]);
  const me = store.get().me!;
  await client.updateChannelCategory(me.id, teamId, next).catch(() => putCategories(teamId, [stored]));
}

export function readCollapsed(): string[] {
  try {
    const value = JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? '[]') as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Favourites a channel. With categories it moves into Favorites (the server keeps the `favorite_channel`
 * preference in step); without, the preference alone marks it.
 */
export async function setFavorite(teamId: string, channel: Channel, favorite: boolean): Promise<void> {
  const s = store.get();
  const me = s.me!;
  const cats = categoriesOf(teamId);
  if (cats) {
    const type = favorite ? 'favorites' : channel.type === 'D' || channel.type === 'G' ? 'direct_messages' : 'channels';
    const target = cats.categories.find((c) => c.type === type);
    if (target) {
      await moveToCategory(teamId, channel.id, target.id);
      return;
    }
  }
  const pref = { user_id: me.id, category: FAVORITE, name: channel.id, value: 'true' };
  store.update((st) => ({ preferences: [...st.preferences.filter((p) => !(p.category === FAVORITE && p.name === channel.id)), ...(favorite ? [pref] : [])] }));
  if (favorite) await client.savePreferences(me.id, [pref]);
  else await client.deletePreferences(me.id, [pref]);
}

/** Whether a channel sits in the Favorites category (or carries the preference, without categories). */
export function inFavorites(s: { categories: Record<string, OrderedChannelCategories>; preferences: PreferenceType[] }, teamId: string, channelId: string): boolean {
  const cats = s.categories[teamId];
  if (cats) return cats.categories.some((c) => c.type === 'favorites' && c.channel_ids.includes(channelId));
  return isFavorite(s, channelId);
}

/** Mutes or unmutes a channel (Mattermost: mark_unread 'mention' / 'all'). */
export async function setMuted(channelId: string, muted: boolean): Promise<void> {
  const me = store.get().me!;
  const markUnread = muted ? 'mention' : 'all';
  store.update((s) => {
    const m = s.myMembers[channelId];
    return m ? { myMembers: { ...s.myMembers, [channelId]: { ...m, notify_props: { ...m.notify_props, mark_unread: markUnread } } } } : {};
  });
  await client.updateChannelNotifyProps({ user_id: me.id, channel_id: channelId, mark_unread: markUnread });
}

export async function createChannel(teamId: string, displayName: string, name: string, type: 'O' | 'P', purpose = ''): Promise<Channel> {
  const channel = await client.createChannel({ team_id: teamId, display_name: displayName, name, type, purpose });
  const member = await client.getMyChannelMember(channel.id);
  store.update((s) => ({ channels: { ...s.channels, [channel.id]: channel }, myMembers: { ...s.myMembers, [channel.id]: member } }));
  return channel;
}

export async function patchChannel(channelId: string, patch: Partial<Pick<Channel, 'display_name' | 'purpose' | 'header'>>): Promise<void> {
  const channel = await client.patchChannel(channelId, patch);
  store.update((s) => ({ channels: { ...s.channels, [channel.id]: channel } }));
}

export async function leaveChannel(channelId: string): Promise<void> {
  const me = store.get().me!;
  await client.removeFromChannel(me.id, channelId);
  store.update((s) => ({ myMembers: without(s.myMembers, channelId) }));
}

export async function archiveChannel(channelId: string): Promise<void> {
  await client.deleteChannel(channelId);
  store.update((s) => (s.channels[channelId] ? { channels: { ...s.channels, [channelId]: { ...s.channels[channelId], delete_at: Date.now() } } } : {}));
}

/** Opens (creating if needed) the DM with one person or the group channel with several. */
export async function openDirect(userIds: string[]): Promise<Channel> {
  const me = store.get().me!;
  const channel = userIds.length === 1 ? await client.createDirectChannel([me.id, userIds[0]!]) : await client.createGroupChannel([me.id, ...userIds]);
  const member = store.get().myMembers[channel.id] ?? (await client.getMyChannelMember(channel.id));
  store.update((s) => ({ channels: { ...s.channels, [channel.id]: channel }, myMembers: { ...s.myMembers, [channel.id]: member } }));
  await ensureUsers(userIds);
  return channel;
}

/** Unread and mention counts of the user's other teams, for the team switcher. */
export async function loadTeamUnreads(): Promise<void> {
  const unreads = await client.getMyTeamUnreads().catch(() => [] as TeamUnread[]);
  store.update((s) => {
    const teamMembers = { ...s.teamMembers };
    for (const u of unreads) {
      const m = teamMembers[u.team_id];
      if (m) teamMembers[u.team_id] = { ...m, msg_count: u.msg_count, mention_count: u.mention_count };
    }
    return { teamMembers };
  });
}

let unreadTimer: ReturnType<typeof setTimeout> | undefined;
function refreshTeamUnreadsSoon(): void {
  clearTimeout(unreadTimer);
  unreadTimer = setTimeout(() => void loadTeamUnreads(), 500);
}

// A post in another team's channel changes that team's unread state. A post in a channel we have not loaded (a
// DM someone just started, a channel we were added to while away) brings that channel into the sidebar.
onEvent('posted', (msg) => {
  const teamId = String(msg.data.team_id ?? '');
  const s = store.get();
  if (teamId && teamId !== s.currentTeamId) refreshTeamUnreadsSoon();
  const channelId = msg.broadcast.channel_id;
  if (channelId && !s.myMembers[channelId] && (!teamId || teamId === s.currentTeamId)) void addedToDirect(channelId).catch(() => undefined);
});

const reloadTeam = (msg: { broadcast: { team_id?: string } }) => {
  const teamId = msg.broadcast.team_id;
  if (teamId && store.get().categories[teamId]) void loadCategories(teamId);
};
onEvent('sidebar_category_created', reloadTeam);
onEvent('sidebar_category_deleted', reloadTeam);
onEvent('sidebar_category_updated', (msg) => {
  const teamId = msg.broadcast.team_id;
  const updated = parse<ChannelCategory[] | undefined>(msg.data.updatedCategories);
  if (!teamId || !store.get().categories[teamId]) return;
  if (updated) putCategories(teamId, updated);
  else void loadCategories(teamId);
});
onEvent('sidebar_category_order_updated', (msg) => {
  const teamId = msg.broadcast.team_id;
  const order = parse<string[] | undefined>(msg.data.order);
  if (!teamId || !order) return;
  store.update((s) => (s.categories[teamId] ? { categories: { ...s.categories, [teamId]: { ...s.categories[teamId], order } } } : {}));
});

// Someone started a DM or group with us: load the channel and the people in it.
onEvent('direct_added', (msg) => void addedToDirect(msg.broadcast.channel_id));
onEvent('group_added', (msg) => void addedToDirect(msg.broadcast.channel_id));
const fetching = new Set<string>();
async function addedToDirect(channelId: string | undefined): Promise<void> {
  if (!channelId || fetching.has(channelId)) return;
  fetching.add(channelId);
  setTimeout(() => fetching.delete(channelId), 2000);
  const [channel, member] = await Promise.all([client.getChannel(channelId), client.getMyChannelMember(channelId)]);
  store.update((s) => ({ channels: { ...s.channels, [channel.id]: channel }, myMembers: { ...s.myMembers, [channel.id]: member } }));
  if (channel.type === 'D') await ensureUsers(channel.name.split('__'));
}

export { defaultCategoryId };
