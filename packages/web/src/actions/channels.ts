import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { client } from '../client.ts';
import { store, merge } from '../store/state.ts';
import { loadChannelPosts } from './posts.ts';

export function receiveChannels(channels: readonly Channel[]): void {
  store.update((s) => ({ channels: merge(s.channels, channels, (c) => c.id) }));
}

/** Finds a channel of the current team by its handle, loading it when needed (also public channels not joined). */
export async function channelByName(teamId: string, name: string): Promise<Channel | undefined> {
  const s = store.get();
  const known = Object.values(s.channels).find((c) => c.name === name && (c.team_id === teamId || c.team_id === ''));
  if (known) return known;
  try {
    const channel = await client.getChannelByName(teamId, name, true);
    receiveChannels([channel]);
    return channel;
  } catch {
    return undefined;
  }
}

/** Makes a channel current: shows its posts and marks it read (locally at once, then on the server). */
export async function openChannel(channel: Channel): Promise<void> {
  const s = store.get();
  if (!s.myMembers[channel.id] && channel.type === 'O') await joinChannel(channel);
  // Remember where the unread posts start (for the message list's "New messages" line) before marking read.
  store.update((st) => {
    const member = st.myMembers[channel.id];
    const unread = member && (st.channels[channel.id]?.total_msg_count ?? channel.total_msg_count) > member.msg_count;
    const newMessagesSince = { ...st.newMessagesSince };
    if (unread) newMessagesSince[channel.id] = member.last_viewed_at;
    else delete newMessagesSince[channel.id];
    return { currentChannelId: channel.id, newMessagesSince };
  });
  markChannelRead(channel.id);
  await loadChannelPosts(channel.id);
}

export async function joinChannel(channel: Channel): Promise<void> {
  const me = store.get().me!;
  const member = await client.addToChannel(me.id, channel.id);
  store.update((s) => ({ myMembers: { ...s.myMembers, [channel.id]: member }, channels: { ...s.channels, [channel.id]: channel } }));
}

/** Clears a channel's unread state here and tells the server (which tells the user's other sessions). */
export function markChannelRead(channelId: string): void {
  store.update((s) => {
    const member = s.myMembers[channelId];
    const channel = s.channels[channelId];
    if (!member || !channel) return {};
    if (member.msg_count === channel.total_msg_count && member.mention_count === 0) return {};
    return { myMembers: { ...s.myMembers, [channelId]: { ...member, msg_count: channel.total_msg_count, mention_count: 0, last_viewed_at: Date.now() } } };
  });
  void client.viewMyChannel(channelId).catch(() => undefined);
}

/** Unread state of a channel for the sidebar: bold when there are unread messages, a badge for mentions. */
export function unreadState(s: { channels: Record<string, Channel>; myMembers: Record<string, { msg_count: number; mention_count: number; notify_props?: { mark_unread?: string } }> }, channelId: string) {
  const channel = s.channels[channelId];
  const member = s.myMembers[channelId];
  if (!channel || !member) return { unread: false, mentions: 0 };
  const muted = member.notify_props?.mark_unread === 'mention';
  return { unread: !muted && channel.total_msg_count > member.msg_count, mentions: member.mention_count };
}
