// Pure sidebar logic (no React, no store): categories, order, handles, fuzzy matching. Tested in sidebar-model.test.ts.
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import type { ChannelCategory, ChannelCategoryType, OrderedChannelCategories } from '@mattermost/types/channel_categories';

/** One category as the sidebar shows it: its channels already filtered and sorted. */
export type Section = {
  id: string;
  type: ChannelCategoryType;
  /** The stored name; default categories are shown under a translated name instead. */
  displayName: string;
  collapsed: boolean;
  muted: boolean;
  sorting: string;
  channelIds: string[];
  /** Whether it came from the server's categories API (false: computed here because the server has none). */
  stored: boolean;
};

const isDirect = (c: Pick<Channel, 'type'>) => c.type === 'D' || c.type === 'G';
const recency = (c: Channel) => Math.max(c.last_post_at ?? 0, c.create_at ?? 0);

/** Mattermost's ids for a user's default categories in a team. */
export const defaultCategoryId = (type: ChannelCategoryType, userId: string, teamId: string) => `${type}_${userId}_${teamId}`;

export type SectionInput = {
  userId: string;
  teamId: string;
  /** The user's channels of this team and their direct/group messages. */
  channels: Channel[];
  /** Names as shown (for alphabetical order; DMs are named after people). */
  names: Record<string, string>;
  /** The stored categories, or undefined when the server has no categories API. */
  categories?: OrderedChannelCategories;
  /** Channel ids marked favourite by preference (used without a categories API). */
  favorites: ReadonlySet<string>;
  /** Collapsed default categories, when the categories are computed here. */
  collapsed?: ReadonlySet<string>;
};

/**
 * The sidebar's categories in order. With stored categories, channels nobody placed (just joined, not yet in a
 * server event) fall into Channels or Direct Messages, as Mattermost's client does; without, the three default
 * categories are computed from favourites.
 */
export function buildSections(input: SectionInput): Section[] {
  const byId = new Map(input.channels.map((c) => [c.id, c]));
  const sections: Section[] = [];
  if (input.categories && input.categories.categories.length > 0) {
    const cats = new Map(input.categories.categories.map((c) => [c.id, c]));
    const ordered: ChannelCategory[] = [];
    for (const id of input.categories.order) {
      const c = cats.get(id);
      if (c) ordered.push(c);
    }
    for (const c of input.categories.categories) if (!ordered.includes(c)) ordered.push(c);
    const placed = new Set<string>();
    for (const c of ordered) {
      const ids = c.channel_ids.filter((id) => byId.has(id) && !placed.has(id));
      ids.forEach((id) => placed.add(id));
      sections.push({ id: c.id, type: c.type, displayName: c.display_name, collapsed: c.collapsed, muted: c.muted, sorting: c.sorting, channelIds: ids, stored: true });
    }
    const loose = input.channels.filter((c) => !placed.has(c.id));
    for (const c of loose) {
      const target = sections.find((s) => s.type === (isDirect(c) ? 'direct_messages' : 'channels'));
      if (target) target.channelIds.push(c.id);
    }
  } else {
    const { userId, teamId } = input;
    const make = (type: ChannelCategoryType, displayName: string, sorting: string, filter: (c: Channel) => boolean): Section => {
      const id = defaultCategoryId(type, userId, teamId);
      return { id, type, displayName, collapsed: input.collapsed?.has(id) ?? false, muted: false, sorting, channelIds: input.channels.filter(filter).map((c) => c.id), stored: false };
    };
    const fav = (c: Channel) => input.favorites.has(c.id);
    sections.push(
      make('favorites', 'Favorites', 'alpha', fav),
      make('channels', 'Channels', 'alpha', (c) => !fav(c) && !isDirect(c)),
      make('direct_messages', 'Direct Messages', 'recent', (c) => !fav(c) && isDirect(c)),
    );
  }
  for (const s of sections) s.channelIds = sortChannels(s, byId, input.names);
  // An empty Favorites category is hidden, as in Mattermost.
  return sections.filter((s) => s.type !== 'favorites' || s.channelIds.length > 0);
}

function sortChannels(section: Section, byId: Map<string, Channel>, names: Record<string, string>): string[] {
  const ids = [...section.channelIds];
  const name = (id: string) => names[id] ?? byId.get(id)?.display_name ?? '';
  const alpha = (a: string, b: string) => name(a).localeCompare(name(b), undefined, { sensitivity: 'base', numeric: true });
  const sorting = section.sorting || (section.type === 'direct_messages' ? 'recent' : section.type === 'custom' ? 'manual' : 'alpha');
  if (sorting === 'recent') return ids.sort((a, b) => recency(byId.get(b)!) - recency(byId.get(a)!) || alpha(a, b));
  if (sorting === 'alpha') return ids.sort(alpha);
  return ids;
}

/** The channels in the order the sidebar shows them (collapsed categories still count: Alt+Up/Down skips none). */
export function sidebarOrder(sections: Section[]): string[] {
  return sections.flatMap((s) => s.channelIds);
}

/**
 * The next channel for Alt+Up/Down (and Alt+Shift+Up/Down with `onlyUnread`), wrapping around as Mattermost does.
 * Returns undefined when there is nowhere to go.
 */
export function adjacentChannel(order: string[], current: string | null, direction: 1 | -1, isUnread?: (id: string) => boolean): string | undefined {
  const n = order.length;
  if (n === 0) return undefined;
  const start = current ? order.indexOf(current) : -1;
  for (let step = 1; step <= n; step++) {
    const i = (((start === -1 && direction === -1 ? 0 : start) + direction * step) % n + n) % n;
    const id = order[i]!;
    if (id === current) continue;
    if (!isUnread || isUnread(id)) return id;
  }
  return undefined;
}

// Letters that NFD does not take apart (Mattermost's latinise covers these too).
const LATIN: Record<string, string> = { æ: 'ae', ø: 'o', å: 'a', ß: 'ss', đ: 'd', ð: 'd', þ: 'th', ł: 'l', œ: 'oe' };

/** Folds accents and Nordic letters to plain Latin, for handles and for matching. */
export function latinise(input: string): string {
  return input
    .toLowerCase()
    .replace(/[æøåßđðþłœ]/g, (ch) => LATIN[ch] ?? ch)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/**
 * Mattermost's cleanUpUrlable: the handle a display name gets (lower case, Latin letters, digits, `-` and `_`; runs
 * of spaces and dashes become one `-`). "[drift] Alt" → "drift-alt".
 */
export function channelHandle(displayName: string): string {
  let cleaned = latinise(displayName).trim().replace(/-/g, ' ').replace(/[^\w\s]/g, '').replace(/\s/g, '-');
  cleaned = cleaned.replace(/-{2,}/g, '-').replace(/^-+/, '').replace(/-+$/, '');
  return cleaned;
}

export type HandleProblem = 'required' | 'tooShort' | 'tooLong' | 'characters' | 'edges' | 'doubleUnderscore' | 'reserved';

/** Mattermost's rules for a channel handle: 2–64 characters a–z 0–9 - _, no leading/trailing -/_, no "__". */
export function handleProblem(handle: string): HandleProblem | undefined {
  if (handle.length === 0) return 'required';
  if (handle.length < 2) return 'tooShort';
  if (handle.length > 64) return 'tooLong';
  if (!/^[a-z0-9_-]+$/.test(handle)) return 'characters';
  if (/^[-_]|[-_]$/.test(handle)) return 'edges';
  if (handle.includes('__')) return 'doubleUnderscore';
  // A 26-character id followed by "__" is a DM's handle; the server refuses these in any case.
  return undefined;
}

/**
 * How well `query` matches `text` as a subsequence: higher is better, undefined for no match. Prefix matches and
 * matches at word starts score highest, so "ts" finds "Town Square" before "posts".
 */
export function fuzzyScore(query: string, text: string): number | undefined {
  const q = latinise(query).replace(/\s+/g, '');
  const t = latinise(text);
  if (q.length === 0) return 0;
  if (t.startsWith(q)) return 1000 - t.length;
  const at = t.indexOf(q);
  if (at >= 0) return 800 - at - t.length / 100 + (/[\s\-_[\]()@.:]/.test(t[at - 1] ?? ' ') ? 100 : 0);
  let score = 0;
  let ti = 0;
  let prev = -2;
  for (const ch of q) {
    const found = t.indexOf(ch, ti);
    if (found === -1) return undefined;
    const wordStart = found === 0 || /[\s\-_[\]()@.:]/.test(t[found - 1]!);
    score += wordStart ? 10 : found === prev + 1 ? 5 : 1;
    prev = found;
    ti = found + 1;
  }
  return score;
}

/** The ids of the other people in a DM or group channel (its handle lists them). */
export function otherUserIds(channel: Pick<Channel, 'type' | 'name'>, me: string): string[] {
  if (channel.type === 'D') {
    const ids = channel.name.split('__');
    const others = ids.filter((id) => id !== me);
    return others.length > 0 ? others : [me];
  }
  return [];
}
