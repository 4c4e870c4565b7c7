import type { Post } from '@mattermost/types/posts';
import type { ServerChannel as Channel, ChannelMembership } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import type { Reaction } from '@mattermost/types/reactions';
import type { PreferenceType } from '@mattermost/types/preferences';
import { socket, websocketUrl, client } from '../client.ts';
import { store, without, merge } from '../store/state.ts';
import { postReceived, postDeleted, reactionChanged, syncChannelPosts, loadThread } from './posts.ts';
import { markChannelRead } from './channels.ts';
import { receiveUsers } from './users.ts';
import { applyLocale } from './session.ts';

type Message = { event: string; data: Record<string, unknown>; broadcast: { channel_id?: string; team_id?: string; user_id?: string } };

/** Handlers for server events by name. Other modules add their own with `onEvent` (sidebar categories, …). */
const handlers = new Map<string, ((msg: Message) => void)[]>();

export function onEvent(event: string, handler: (msg: Message) => void): () => void {
  const list = handlers.get(event) ?? [];
  list.push(handler);
  handlers.set(event, list);
  return () => handlers.set(event, (handlers.get(event) ?? []).filter((h) => h !== handler));
}

const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

let started = false;

export function connectSocket(): void {
  if (started) {
    socket.initialize(websocketUrl());
    return;
  }
  started = true;
  socket.addMessageListener((msg) => {
    for (const h of handlers.get(msg.event) ?? []) {
      try {
        h(msg as unknown as Message);
      } catch (err) {
        console.error(`handling ${msg.event} failed`, err);
      }
    }
  });
  socket.addFirstConnectListener(() => store.update(() => ({ connected: true })));
  socket.addCloseListener(() => store.update(() => ({ connected: false })));
  // A connection re-established: the server replays what we missed on the same connection id. Only when it
  // cannot (a new connection id: restarted, or too much missed) does the hello trigger the missed-message listener.
  socket.addReconnectListener(() => store.update(() => ({ connected: true })));
  socket.addMissedMessageListener(() => void catchUp());
  socket.initialize(websocketUrl());
}

/**
 * Events were lost: bring what is on screen up to date without throwing away what the reader loaded or where they
 * are (the open channel and thread merge what changed); other channels' and threads' posts load afresh when opened.
 */
async function catchUp(): Promise<void> {
  const s = store.get();
  const channelId = s.currentChannelId;
  const threadId = s.rhs?.kind === 'thread' ? s.rhs.rootId : undefined;
  store.update((st) => ({
    channelPosts: channelId && st.channelPosts[channelId] ? { [channelId]: st.channelPosts[channelId] } : {},
    threads: threadId && st.threads[threadId] ? { [threadId]: st.threads[threadId] } : {},
  }));
  await Promise.all([channelId ? syncChannelPosts(channelId) : undefined, threadId ? loadThread(threadId) : undefined]);
  if (s.currentTeamId) {
    const members = await client.getMyChannelMembers(s.currentTeamId);
    const channels = await client.getMyChannels(s.currentTeamId);
    store.update((st) => ({ myMembers: merge(st.myMembers, members, (m) => m.channel_id), channels: merge(st.channels, channels, (c) => c.id) }));
  }
}

/** Tells the others in a channel (or thread) that we are typing; the server rate-limits nothing, so we do. */
let lastTyping = 0;
export function sendTyping(channelId: string, rootId = ''): void {
  const now = Date.now();
  if (now - lastTyping < 3000) return;
  lastTyping = now;
  socket.userTyping(channelId, rootId);
}

const TYPING_SHOWN_MS = 5000;

onEvent('posted', (msg) => {
  const post = parse<Post>(msg.data.post);
  postReceived(post, true);
  const s = store.get();
  const mentions = parse<string[] | undefined>(msg.data.mentions) ?? [];
  const mine = post.user_id === s.me?.id;
  store.update((st) => {
    const channel = st.channels[post.channel_id];
    const member = st.myMembers[post.channel_id];
    // Whoever is typing stops when their post arrives.
    const key = `${post.channel_id}:${post.root_id}`;
    const typing = st.typing[key]?.[post.user_id] ? { ...st.typing, [key]: without(st.typing[key], post.user_id) } : st.typing;
    if (!channel) return { typing };
    const nextChannel = { ...channel, total_msg_count: channel.total_msg_count + 1, last_post_at: post.create_at };
    let nextMember = member;
    if (member && mine) nextMember = { ...member, msg_count: member.msg_count + 1, last_viewed_at: post.create_at };
    else if (member && s.me && mentions.includes(s.me.id)) nextMember = { ...member, mention_count: member.mention_count + 1 };
    return {
      typing,
      channels: { ...st.channels, [channel.id]: nextChannel },
      myMembers: nextMember ? { ...st.myMembers, [channel.id]: nextMember } : st.myMembers,
    };
  });
  // The channel on screen stays read while the window has focus.
  if (!mine && s.currentChannelId === post.channel_id && document.visibilityState === 'visible' && document.hasFocus()) markChannelRead(post.channel_id);
});

onEvent('post_edited', (msg) => postReceived(parse<Post>(msg.data.post)));
onEvent('post_deleted', (msg) => postDeleted(parse<Post>(msg.data.post)));
onEvent('reaction_added', (msg) => reactionChanged(parse<Reaction>(msg.data.reaction), true));
onEvent('reaction_removed', (msg) => reactionChanged(parse<Reaction>(msg.data.reaction), false));

onEvent('typing', (msg) => {
  const userId = String(msg.data.user_id);
  if (userId === store.get().me?.id) return;
  const key = `${msg.broadcast.channel_id}:${String(msg.data.parent_id ?? '')}`;
  const until = Date.now() + TYPING_SHOWN_MS;
  store.update((s) => ({ typing: { ...s.typing, [key]: { ...s.typing[key], [userId]: until } } }));
  setTimeout(() => {
    store.update((s) => (s.typing[key]?.[userId] && s.typing[key][userId] <= Date.now() ? { typing: { ...s.typing, [key]: without(s.typing[key], userId) } } : {}));
  }, TYPING_SHOWN_MS + 50);
});

onEvent('status_change', (msg) => {
  store.update((s) => ({ statuses: { ...s.statuses, [String(msg.data.user_id)]: String(msg.data.status) } }));
});

onEvent('channel_viewed', (msg) => {
  const channelId = String(msg.data.channel_id);
  store.update((s) => {
    const member = s.myMembers[channelId];
    const channel = s.channels[channelId];
    if (!member || !channel) return {};
    return { myMembers: { ...s.myMembers, [channelId]: { ...member, msg_count: channel.total_msg_count, mention_count: 0 } } };
  });
});

onEvent('multiple_channels_viewed', (msg) => {
  const times = (msg.data.channel_times ?? {}) as Record<string, number>;
  store.update((s) => {
    const myMembers = { ...s.myMembers };
    for (const id of Object.keys(times)) {
      const m = myMembers[id];
      const c = s.channels[id];
      if (m && c) myMembers[id] = { ...m, msg_count: c.total_msg_count, mention_count: 0 };
    }
    return { myMembers };
  });
});

const channelChanged = (msg: Message) => {
  const channel = parse<Channel | undefined>(msg.data.channel);
  if (channel) store.update((s) => ({ channels: { ...s.channels, [channel.id]: channel } }));
  else if (msg.broadcast.channel_id) void client.getChannel(msg.broadcast.channel_id).then((c) => store.update((s) => ({ channels: { ...s.channels, [c.id]: c } })));
};
onEvent('channel_created', channelChanged);
onEvent('channel_updated', channelChanged);
onEvent('channel_converted', channelChanged);
onEvent('channel_restored', channelChanged);
onEvent('channel_deleted', (msg) => {
  const id = String(msg.data.channel_id);
  store.update((s) => (s.channels[id] ? { channels: { ...s.channels, [id]: { ...s.channels[id], delete_at: Number(msg.data.delete_at) || Date.now() } } } : {}));
});

onEvent('channel_member_updated', (msg) => {
  const member = parse<ChannelMembership>(msg.data.channelMember);
  if (member.user_id === store.get().me?.id) store.update((s) => ({ myMembers: { ...s.myMembers, [member.channel_id]: member } }));
});

// Added to a channel (by someone else, or by joining in another tab): fetch it and our membership.
onEvent('user_added', (msg) => {
  const me = store.get().me;
  if (String(msg.data.user_id) !== me?.id || !msg.broadcast.channel_id) return;
  const channelId = msg.broadcast.channel_id;
  void Promise.all([client.getChannel(channelId), client.getMyChannelMember(channelId)]).then(([channel, member]) =>
    store.update((s) => ({ channels: { ...s.channels, [channel.id]: channel }, myMembers: { ...s.myMembers, [channel.id]: member } })),
  );
});

onEvent('user_removed', (msg) => {
  const me = store.get().me;
  const channelId = String(msg.data.channel_id ?? msg.broadcast.channel_id ?? '');
  if (String(msg.broadcast.user_id ?? msg.data.user_id) !== me?.id || !channelId) return;
  store.update((s) => ({ myMembers: without(s.myMembers, channelId) }));
});

onEvent('user_updated', (msg) => {
  const user = parse<UserProfile>(msg.data.user);
  receiveUsers([user]);
  if (user.id === store.get().me?.id) {
    store.update((s) => ({ me: { ...s.me!, ...user } }));
    applyLocale(user);
  }
});

onEvent('new_user', (msg) => void client.getUser(String(msg.data.user_id)).then((u) => receiveUsers([u])).catch(() => undefined));

onEvent('preferences_changed', (msg) => {
  const changed = parse<PreferenceType[]>(msg.data.preferences);
  store.update((s) => ({ preferences: [...s.preferences.filter((p) => !changed.some((c) => c.category === p.category && c.name === p.name)), ...changed] }));
});
onEvent('preferences_deleted', (msg) => {
  const gone = parse<PreferenceType[]>(msg.data.preferences);
  store.update((s) => ({ preferences: s.preferences.filter((p) => !gone.some((c) => c.category === p.category && c.name === p.name)) }));
});

onEvent('config_changed', (msg) => {
  const config = parse<Record<string, string>>(msg.data.config);
  if (config) store.update(() => ({ config }));
});
