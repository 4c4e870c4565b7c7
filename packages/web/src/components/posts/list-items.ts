// The rows of the message list, computed from the posts alone (no React, no DOM), so the rules are testable:
// a date separator before the first post of each day, a "new messages" line before the first post from someone
// else made after the member last viewed the channel, and consecutive posts of one author grouped (no repeated
// avatar or name) when they follow within a few minutes on the same day.

export type ListPost = {
  id: string;
  user_id: string;
  create_at: number;
  root_id?: string;
  type?: string;
  delete_at?: number;
  props?: Record<string, unknown> | null;
};

export type ListItem =
  | { kind: 'date'; key: string; day: number }
  | { kind: 'new'; key: 'new-messages' }
  | { kind: 'post'; key: string; id: string; grouped: boolean };

/** Posts of one author closer than this are shown as one group. */
export const GROUP_WINDOW_MS = 5 * 60 * 1000;

/** Midnight (local time) of the day a timestamp falls on. */
export function startOfDay(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export const isSystemPost = (p: Pick<ListPost, 'type'>) => Boolean(p.type && p.type.startsWith('system_'));

/** Who a post shows as: webhooks may post under another name. */
function authorKey(p: ListPost): string {
  const override = p.props && typeof p.props.override_username === 'string' ? p.props.override_username : '';
  return `${p.user_id}|${override}`;
}

/** Whether `post` continues the group of `prev` (same author, same thread context, within the window). */
export function continuesGroup(prev: ListPost | undefined, post: ListPost): boolean {
  if (!prev) return false;
  if (isSystemPost(prev) || isSystemPost(post)) return false;
  if (authorKey(prev) !== authorKey(post)) return false;
  if (post.create_at - prev.create_at >= GROUP_WINDOW_MS || post.create_at < prev.create_at) return false;
  if (startOfDay(prev.create_at) !== startOfDay(post.create_at)) return false;
  // A reply after a post that is not of the same thread starts a new group (it shows what it replies to).
  if ((post.root_id ?? '') !== (prev.root_id ?? '') && post.root_id !== prev.id) return false;
  return true;
}

export type BuildOptions = {
  /** The member's last_viewed_at when the channel was opened; 0 or undefined: no "new messages" line. */
  newSince?: number;
  /** The current user: their own posts never start the "new messages" section. */
  myUserId?: string;
  /**
   * Older posts exist that are not loaded. Then the line is placed only after a loaded post the member had
   * seen: if every loaded post is new, the line belongs somewhere further back.
   */
  olderExist?: boolean;
};

/** The list's rows for posts given oldest first. */
export function buildListItems(posts: readonly ListPost[], opts: BuildOptions = {}): ListItem[] {
  const items: ListItem[] = [];
  let prev: ListPost | undefined;
  let newPlaced = !opts.newSince;
  let seenOne = !opts.olderExist;
  for (const post of posts) {
    if (!newPlaced && post.create_at <= opts.newSince!) seenOne = true;
    const day = startOfDay(post.create_at);
    let breakGroup = false;
    if (!prev || startOfDay(prev.create_at) !== day) {
      items.push({ kind: 'date', key: `date-${day}`, day });
      breakGroup = true;
    }
    if (!newPlaced && seenOne && post.create_at > opts.newSince! && post.user_id !== opts.myUserId) {
      items.push({ kind: 'new', key: 'new-messages' });
      newPlaced = true;
      breakGroup = true;
    }
    items.push({ kind: 'post', key: post.id, id: post.id, grouped: !breakGroup && continuesGroup(prev, post) });
    prev = post;
  }
  return items;
}

/** "today", "yesterday", or the date (with the year when it is not this year), in the given locale. */
export function dayLabel(day: number, now: number, locale: string, words: { today: string; yesterday: string }): string {
  const today = startOfDay(now);
  if (day === today) return words.today;
  const yesterday = startOfDay(today - 12 * 60 * 60 * 1000);
  if (day === yesterday) return words.yesterday;
  const sameYear = new Date(day).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) }).format(day);
}
