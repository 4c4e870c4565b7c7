import type { ChannelType } from '../store/channels.ts';

// Who a message mentions, by Mattermost's rules (app/mention_parser_standard.go, mention_keywords.go,
// notification.go). Pure: the caller supplies the members, their settings and who is online.

/** A channel member as far as mentions go. */
export type MentionMember = {
  userId: string;
  username: string;
  firstName: string;
  /** The account's notify_props: mention_keys, first_name, channel. */
  userNotifyProps: Record<string, string>;
  /** The membership's notify_props: ignore_channel_mentions, mark_unread. */
  channelNotifyProps: Record<string, string>;
  /** Status "online" (only online members hear @here). */
  online: boolean;
};

export type MentionInput = {
  message: string;
  channelType: ChannelType;
  posterId: string;
  /** The channel's members with active accounts. */
  members: MentionMember[];
  /** The poster holds use_channel_mentions in the channel. */
  posterMayMentionChannel: boolean;
  /** TeamSettings.MaxNotificationsPerChannel: bigger channels get no @channel/@all/@here. */
  maxNotificationsPerChannel: number;
};

export type MentionResult = {
  /** Mentioned members, never the poster, in member order. */
  userIds: string[];
  channelMentioned: boolean;
  allMentioned: boolean;
  hereMentioned: boolean;
  /** @channel/@all/@here were written but notify nobody because the channel is too big. */
  channelMentionsDisabled: boolean;
};

/** Mention keywords: lower-cased "@username" and mention keys, the case-sensitive first name, @channel/@all/@here. */
export function mentionKeywords(members: MentionMember[], allowChannelMentions: boolean): Map<string, string[]> {
  const keywords = new Map<string, string[]>();
  const add = (key: string, userId: string) => {
    const ids = keywords.get(key);
    if (!ids) keywords.set(key, [userId]);
    else if (!ids.includes(userId)) ids.push(userId);
  };
  for (const m of members) {
    add('@' + m.username.toLowerCase(), m.userId);
    for (const key of (m.userNotifyProps.mention_keys ?? '').split(',')) {
      const k = key.trim();
      if (k !== '') add(k.toLowerCase(), m.userId);
    }
    if (m.userNotifyProps.first_name === 'true' && m.firstName !== '') add(m.firstName, m.userId);
    if (allowChannelMentions && m.userNotifyProps.channel === 'true' && !ignoresChannelMentions(m.channelNotifyProps)) {
      add('@channel', m.userId);
      add('@all', m.userId);
      if (m.online) add('@here', m.userId);
    }
  }
  return keywords;
}

/** ignore_channel_mentions "on", or "default" in a muted channel (mark_unread "mention"). */
export function ignoresChannelMentions(channelNotifyProps: Record<string, string>): boolean {
  const ignore = channelNotifyProps.ignore_channel_mentions ?? 'default';
  return ignore === 'on' || (ignore === 'default' && channelNotifyProps.mark_unread === 'mention');
}

// A line opening a fenced block (``` or ~~~), everything up to a closing fence line or the end of the text.
const CODE_BLOCK = /^[^\S\n]*[`~]{3}.*$[\s\S]+?(?:^[^\S\n]*[`~]{3}$|(?![\s\S]))/gm;
// Backquotes, then text on one line or several non-blank lines, then backquotes.
const INLINE_CODE = /`+(?:.+?|.*?\n(?:.*?\S.*?\n)*.*?)`+/g;

/** Removes fenced code blocks and inline code; inline code becomes a space so "a`x`b" does not join into "ab". */
export function removeCode(message: string): string {
  let out = message;
  if (out.includes('```') || out.includes('~~~')) out = out.replace(CODE_BLOCK, '');
  if (out.includes('`')) out = out.replace(INLINE_CODE, ' ');
  return out;
}

const SYSTEM_MENTIONS = new Set(['@here', '@channel', '@all']);
// Words are runs of letters, digits and the characters a mention or an emoji code may contain.
const WORD_SEPARATOR = /[^:.\-_@\p{L}\p{N}]+/u;
const NON_ASCII = /[^\x00-\x7f]/;

type Explicit = { userIds: Set<string>; channel: boolean; all: boolean; here: boolean };

/** Finds the keywords in a text, as Mattermost's StandardMentionParser.ProcessText. */
export function explicitMentions(text: string, keywords: Map<string, string[]>): Explicit {
  const found: Explicit = { userIds: new Set(), channel: false, all: false, here: false };
  const multibyte = [...keywords.keys()].filter((k) => NON_ASCII.test(k));

  const check = (word: string): boolean => {
    const lower = word.toLowerCase();
    if (lower === '@here') found.here = true;
    else if (lower === '@channel') found.channel = true;
    else if (lower === '@all') found.all = true;
    // Lower-cased for usernames and mention keys; as written for a first name, which is case-sensitive.
    const ids = keywords.get(lower) ?? keywords.get(word);
    if (!ids) return false;
    for (const id of ids) found.userIds.add(id);
    return true;
  };

  for (const raw of text.split(WORD_SEPARATOR)) {
    if (raw === '') continue;
    // :emoji_name: is an emoji, never a mention.
    if (raw.startsWith(':') && raw.endsWith(':')) continue;
    const word = raw.replace(/^[:.\-_]+/, '');
    if (word === '' || check(word)) continue;
    // "@alice." and "@alice:" end a sentence: try without the trailing punctuation.
    let trimmed = word;
    let matched = false;
    while (/[.\-:_]$/.test(trimmed)) {
      trimmed = trimmed.slice(0, -1);
      if (trimmed !== '' && check(trimmed)) {
        matched = true;
        break;
      }
    }
    if (matched) continue;
    // "@alice-bob" when there is no alice-bob: the parts, so that @alice is heard.
    if (/[.\-:]/.test(word)) for (const part of word.split(/[.\-:]+/)) if (part !== '') check(part);
    if (multibyte.length > 0 && NON_ASCII.test(word)) {
      for (const key of multibyte) if (word.includes(key)) for (const id of keywords.get(key)!) found.userIds.add(id);
    }
  }
  return found;
}

/**
 * Who a new message mentions. Direct and group messages mention every other member; in other channels, members
 * named by @username, a mention key or their first name (when enabled), and @channel/@all/@here as each member's
 * settings allow. Code never mentions anyone, and the poster never mentions themself.
 */
export function findMentions(input: MentionInput): MentionResult {
  const others = (ids: Iterable<string>) => {
    const set = new Set(ids);
    set.delete(input.posterId);
    return input.members.map((m) => m.userId).filter((id) => set.has(id));
  };
  const none = { channelMentioned: false, allMentioned: false, hereMentioned: false, channelMentionsDisabled: false };
  if (input.channelType === 'D' || input.channelType === 'G') {
    return { userIds: others(input.members.map((m) => m.userId)), ...none };
  }
  const tooBig = input.members.length > input.maxNotificationsPerChannel;
  const allow = input.posterMayMentionChannel && !tooBig;
  const found = explicitMentions(removeCode(input.message), mentionKeywords(input.members, allow));
  return {
    userIds: others(found.userIds),
    channelMentioned: found.channel,
    allMentioned: found.all,
    hereMentioned: found.here,
    channelMentionsDisabled: tooBig && (found.channel || found.all || found.here),
  };
}
