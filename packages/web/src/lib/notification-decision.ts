// Whether a new post deserves a desktop notification — Mattermost's rules, as a pure function so it is tested
// without a browser. The caller (actions/notifications.ts) gathers the facts and shows the notification.

export type DesktopLevel = 'all' | 'mention' | 'none';

export type NotifyFacts = {
  post: { user_id: string; type?: string; props?: Record<string, unknown> };
  myId: string;
  /** The user's account setting (notify_props.desktop); Mattermost's default is 'mention'. */
  userDesktop?: string;
  /** The channel member's setting (notify_props.desktop): 'default' follows the account. */
  channelDesktop?: string;
  /** The channel member's notify_props.mark_unread: 'mention' means the channel is muted. */
  markUnread?: string;
  channelType: string;
  /** Whether the server listed the user among the post's mentions. */
  mentioned: boolean;
  /** The user's status: nobody is disturbed in 'dnd' (or 'ooo'). */
  myStatus?: string;
  /** The page is visible and has focus: the user sees the post already. */
  windowActive: boolean;
  /** Notification.permission, or 'unsupported'. */
  permission: string;
};

/** The level that applies: the channel's own unless it is 'default' or unset, else the account's, else 'mention'. */
export function desktopLevel(userDesktop?: string, channelDesktop?: string): DesktopLevel {
  const pick = (v?: string): DesktopLevel | undefined => (v === 'all' || v === 'mention' || v === 'none' ? v : undefined);
  return pick(channelDesktop) ?? pick(userDesktop) ?? 'mention';
}

/** True when the post should raise a desktop notification. */
export function shouldNotify(f: NotifyFacts): boolean {
  if (f.permission !== 'granted') return false;
  if (f.windowActive) return false;
  if (f.post.user_id === f.myId) return false;
  // System messages (joins, header changes) and webhook posts that ask not to notify stay quiet.
  if (f.post.type && f.post.type.startsWith('system_')) return false;
  if (f.post.props?.from_webhook === 'true' && f.post.props?.disable_notification === true) return false;
  if (f.myStatus === 'dnd' || f.myStatus === 'ooo') return false;
  if (f.markUnread === 'mention') return false;
  const level = desktopLevel(f.userDesktop, f.channelDesktop);
  if (level === 'none') return false;
  if (level === 'all') return true;
  const direct = f.channelType === 'D' || f.channelType === 'G';
  return f.mentioned || direct;
}

/** The notification's body: "sender: message", on one line and cut to a readable length. */
export function notificationBody(sender: string, message: string, max = 140): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  const text = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return sender ? `${sender}: ${text}` : text;
}
