import type { Post } from '@mattermost/types/posts';
import { navigate } from 'wouter/use-browser-location';
import { store } from '../store/state.ts';
import { onEvent } from './websocket.ts';
import { displayName } from './users.ts';
import { shouldNotify, notificationBody } from '../lib/notification-decision.ts';

// Desktop notifications (the Notification API) for mentions and direct messages, by Mattermost's rules
// (lib/notification-decision.ts): the user's and the channel's desktop level, mute, do-not-disturb, and only while
// the window is hidden or in the background. Permission is asked from a click (NotificationBanner), never on load.

const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** Notification.permission, or 'unsupported' where the browser has no Notification API (some phones, insecure pages). */
export function notificationPermission(): string {
  return typeof window !== 'undefined' && 'Notification' in window ? Notification.permission : 'unsupported';
}

function windowActive(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

/** Where a channel lives in the app: /{team}/channels/{name}, or /{team}/messages/@user for a DM. */
function channelPath(channelId: string): string | null {
  const s = store.get();
  const channel = s.channels[channelId];
  const team = (channel?.team_id && s.teams[channel.team_id]?.name) || (s.currentTeamId ? s.teams[s.currentTeamId]?.name : '');
  if (!channel || !team) return null;
  if (channel.type === 'D') {
    const other = channel.name.split('__').find((id) => id !== s.me?.id) ?? s.me?.id ?? '';
    const user = s.users[other];
    return user ? `/${team}/messages/@${user.username}` : null;
  }
  if (channel.type === 'G') return `/${team}/messages/${channel.name}`;
  return `/${team}/channels/${channel.name}`;
}

/** Decides about one `posted` event and shows the notification when it deserves one. Exported for tests. */
export function notifyOfPost(post: Post, mentions: string[], senderName?: string): Notification | null {
  const s = store.get();
  const me = s.me;
  if (!me) return null;
  const channel = s.channels[post.channel_id];
  const member = s.myMembers[post.channel_id];
  const notify = shouldNotify({
    post,
    myId: me.id,
    userDesktop: me.notify_props?.desktop,
    channelDesktop: member?.notify_props?.desktop,
    markUnread: member?.notify_props?.mark_unread,
    channelType: channel?.type ?? '',
    mentioned: mentions.includes(me.id),
    myStatus: s.statuses[me.id],
    windowActive: windowActive(),
    permission: notificationPermission(),
  });
  if (!notify) return null;
  const sender = senderName || displayName(s.users[post.user_id]);
  const title = channel && channel.type !== 'D' && channel.type !== 'G' ? channel.display_name : sender;
  const n = new Notification(title, { body: notificationBody(channel?.type === 'D' ? '' : sender, post.message), tag: post.id });
  n.onclick = () => {
    window.focus();
    const path = channelPath(post.channel_id);
    if (path) navigate(path);
    n.close();
  };
  return n;
}

onEvent('posted', (msg) => {
  try {
    const post = parse<Post>(msg.data.post);
    const mentions = parse<string[] | undefined>(msg.data.mentions) ?? [];
    notifyOfPost(post, mentions, typeof msg.data.sender_name === 'string' ? msg.data.sender_name.replace(/^@/, '') : undefined);
  } catch (err) {
    console.error('desktop notification failed', err);
  }
});
