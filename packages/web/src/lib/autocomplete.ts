// The pure part of the composer's autocomplete: which token the caret is in (`@user`, `~channel`, `:emoji`), how a
// choice replaces it, and the channel-wide mentions that need a confirmation. No DOM, no store: unit-tested.

export type TriggerKind = '@' | '~' | ':';

/** The token being typed: `start` is the index of its trigger character, `end` the caret. */
export type Token = { kind: TriggerKind; term: string; start: number; end: number };

// What each trigger may be followed by (Mattermost's usernames, channel handles and emoji names).
const TERM_CHARS: Record<TriggerKind, RegExp> = {
  '@': /^[\p{L}\p{N}._-]*$/u,
  '~': /^[\p{L}\p{N}._-]*$/u,
  ':': /^[a-z0-9_+-]*$/i,
};

/** Emoji suggestions start after this many characters (`:sm`), as in Mattermost: fewer match too much. */
export const EMOJI_MIN_CHARS = 2;

/**
 * The autocomplete token that ends at `caret`, or null. A trigger counts only at the start of the text or after
 * whitespace or an opening bracket, so `mail@example.org` and `12:30` open nothing.
 */
export function tokenAt(text: string, caret: number): Token | null {
  let start = caret;
  while (start > 0 && !/[\s([{]/.test(text[start - 1])) start--;
  const word = text.slice(start, caret);
  const kind = word[0] as TriggerKind | undefined;
  if (kind !== '@' && kind !== '~' && kind !== ':') return null;
  const term = word.slice(1);
  if (!TERM_CHARS[kind].test(term)) return null;
  if (kind === ':' && term.length < EMOJI_MIN_CHARS) return null;
  return { kind, term, start, end: caret };
}

/**
 * Replaces the token by the chosen text (`@ola`, `~generelt`, `:tada:`) followed by one space, and returns the new
 * text with the caret after that space. The rest of a word the caret was inside is replaced too.
 */
export function applyChoice(text: string, token: Token, replacement: string): { text: string; caret: number } {
  let end = token.end;
  while (end < text.length && !/\s/.test(text[end])) end++;
  const after = text.slice(end);
  const insert = after.startsWith(' ') ? replacement : `${replacement} `;
  const next = text.slice(0, token.start) + insert + after;
  const caret = token.start + insert.length + (after.startsWith(' ') ? 1 : 0);
  return { text: next, caret };
}

/** The mentions that notify a whole channel. */
export const SPECIAL_MENTIONS = ['here', 'channel', 'all'] as const;
export type SpecialMention = (typeof SPECIAL_MENTIONS)[number];

/** The special mentions starting with `term`, for the @ list. */
export function specialMentionsFor(term: string): SpecialMention[] {
  const t = term.toLowerCase();
  return SPECIAL_MENTIONS.filter((m) => m.startsWith(t));
}

/** Text without code (fenced blocks and inline spans), where a mention means nothing. */
function withoutCode(text: string): string {
  return text.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`[^`\n]*`/g, ' ');
}

/**
 * The first channel-wide mention in a message (`@channel`, `@all`, `@here`, outside code), or null — Mattermost's
 * rule: `@channel.` and `@here!` count, `@channels` and `@here-and-there` do not.
 */
export function channelWideMention(text: string): SpecialMention | null {
  const m = /(?:^|[^\p{L}\p{N}_.@-])@(channel|all|here)(?![\p{L}\p{N}_-]|\.[\p{L}\p{N}_])/iu.exec(withoutCode(text));
  return m ? (m[1].toLowerCase() as SpecialMention) : null;
}

/**
 * Items whose name matches `term`: names starting with it first, then names with a word (after `_`, `-`, `.`)
 * starting with it, then the rest containing it; each group keeps the input's order.
 */
export function rankByName<T>(items: readonly T[], term: string, name: (item: T) => string, limit = Infinity): T[] {
  const t = term.toLowerCase();
  const groups: T[][] = [[], [], []];
  for (const item of items) {
    const n = name(item).toLowerCase();
    if (n.startsWith(t)) groups[0].push(item);
    else if (n.split(/[_.-]/).some((part) => part.startsWith(t))) groups[1].push(item);
    else if (n.includes(t)) groups[2].push(item);
  }
  return groups.flat().slice(0, limit);
}

/** Moves a listbox selection by `delta`, wrapping around. */
export function moveSelection(index: number, delta: number, length: number): number {
  if (length === 0) return 0;
  return (((index + delta) % length) + length) % length;
}
