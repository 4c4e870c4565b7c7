import { badRequest } from './errors.ts';

// Mattermost's message search syntax, parsed without I/O:
//   word  "a phrase"  prefix*  -excluded  -"excluded phrase"  #hashtag
//   from:user  in:channel  in:@user (direct message)  channel:x (as in:)  -from:  -in:
//   on:YYYY-MM-DD  before:YYYY-MM-DD  after:YYYY-MM-DD  -on:  -before:  -after:
//   ext:pdf  -ext:pdf (file search only; message search ignores them, as Mattermost's does)
// Unlike Mattermost's PostgreSQL search, a term is split into words the way the index splits messages (on
// everything but letters, digits and combining marks) and those words must appear next to each other, so
// `drift-status`, `v1.2.3`, `ola@fribyte.no` and URLs (or any run of their parts) are found.

/** At most this many terms, counting each flag and each word of a quoted phrase. */
export const SEARCH_TERMS_MAX = 40;
/** A term (or one word of a phrase, or a flag's value) longer than this is refused. */
export const SEARCH_TERM_LENGTH_MAX = 64;

/** One term as the index sees it: words that must appear in this order, next to each other. */
export type SearchPhrase = {
  /** The words, as typed (each engine folds case the way its index does). */
  words: string[];
  /** The last word matches as a prefix (`deplo*`). */
  prefix: boolean;
  /** As typed, without quotes, `-` or `*`: for highlighting. */
  text: string;
};

export type ParsedSearch = {
  terms: SearchPhrase[];
  excludedTerms: SearchPhrase[];
  /** Usernames, lower case, without a leading `@`. */
  fromUsers: string[];
  excludedUsers: string[];
  /** Channel handles, lower case; `@username` names a direct message with that user. */
  inChannels: string[];
  excludedChannels: string[];
  /** Dates as YYYY-MM-DD; a later flag of the same kind replaces an earlier one, as in Mattermost. */
  onDate?: string;
  afterDate?: string;
  beforeDate?: string;
  excludedOnDates: string[];
  excludedAfterDate?: string;
  excludedBeforeDate?: string;
  /** File extensions, lower case, without a leading dot (file search). */
  extensions: string[];
  excludedExtensions: string[];
};

/** Word characters: letters, digits, private-use characters, and combining marks after one of those. */
const WORD = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{Co}\p{M}]*/gu;

/** Splits text into words the way the search index does (case kept). */
export function searchWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

const FLAG = /^(from|in|channel|on|before|after|ext):(.*)$/is;
const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

type Item = { text: string; quoted: boolean; negated: boolean; prefix: boolean };

const tooLong = (text: string) =>
  badRequest(
    'api.post.search_posts.term_too_long.app_error',
    `Search terms can be at most ${SEARCH_TERM_LENGTH_MAX} characters long; "${text.slice(0, 20)}…" is longer.`,
  );

/** Splits the query into items: words (flags among them) and quoted phrases, each maybe negated with `-`. */
function splitItems(input: string): Item[] {
  const items: Item[] = [];
  let i = 0;
  const space = (c: string | undefined) => c === undefined || /\s/u.test(c);
  while (i < input.length) {
    if (space(input[i])) {
      i++;
      continue;
    }
    let negated = false;
    if (input[i] === '-') {
      negated = true;
      i++;
      if (space(input[i])) continue; // a lone "-"
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      if (close < 0) {
        throw badRequest('api.post.search_posts.unbalanced_quote.app_error', 'The search has an opening quote (") without a closing one.');
      }
      let text = input.slice(i + 1, close);
      i = close + 1;
      let prefix = false;
      if (input[i] === '*') {
        prefix = true;
        while (input[i] === '*') i++;
      } else if (text.trimEnd().endsWith('*')) {
        prefix = true;
      }
      text = text.trim().replace(/\*+$/, '');
      items.push({ text, quoted: true, negated, prefix });
      continue;
    }
    const start = i;
    while (i < input.length && !space(input[i]) && input[i] !== '"') i++;
    let text = input.slice(start, i);
    const prefix = text.endsWith('*');
    text = text.replace(/\*+$/, '');
    items.push({ text, quoted: false, negated, prefix });
  }
  return items;
}

/** YYYY-MM-DD (month and day may have one digit, as Mattermost allows); 400 unless it is a real date. */
function parseDate(flag: string, value: string): string {
  const m = DATE.exec(value);
  const bad = () =>
    badRequest('api.post.search_posts.invalid_date.app_error', `${flag}: takes a date as YYYY-MM-DD (for example ${flag}:2024-05-17), not "${value.slice(0, 20)}".`);
  if (!m) throw bad();
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) throw bad();
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Parses a search string. Bad syntax — an unbalanced quote, a flag without a value, a date that is not one, a
 * term longer than 64 characters, more than 40 terms — is a 400 AppError. Terms without any word characters
 * (`*`, `—`, an emoji) are dropped.
 */
export function parseSearch(input: string): ParsedSearch {
  const out: ParsedSearch = {
    terms: [],
    excludedTerms: [],
    fromUsers: [],
    excludedUsers: [],
    inChannels: [],
    excludedChannels: [],
    excludedOnDates: [],
    extensions: [],
    excludedExtensions: [],
  };
  let count = 0;
  for (const item of splitItems(input)) {
    const flag = item.quoted ? null : FLAG.exec(item.text);
    if (flag) {
      count++;
      const name = flag[1]!.toLowerCase();
      const value = flag[2]!;
      if (value === '') {
        throw badRequest('api.post.search_posts.empty_flag.app_error', `${name}: needs a value right after the colon, as in ${name === 'from' ? 'from:username' : name === 'in' || name === 'channel' ? 'in:channel' : name === 'ext' ? 'ext:pdf' : `${name}:2024-05-17`}.`);
      }
      if (value.length > SEARCH_TERM_LENGTH_MAX) throw tooLong(value);
      if (name === 'from') (item.negated ? out.excludedUsers : out.fromUsers).push(value.replace(/^@/, '').toLowerCase());
      else if (name === 'in' || name === 'channel') (item.negated ? out.excludedChannels : out.inChannels).push(value.replace(/^~/, '').toLowerCase());
      else if (name === 'ext') (item.negated ? out.excludedExtensions : out.extensions).push(value.replace(/^\./, '').toLowerCase());
      else if (name === 'on') {
        if (item.negated) out.excludedOnDates.push(parseDate(name, value));
        else out.onDate = parseDate(name, value);
      } else if (name === 'after') {
        if (item.negated) out.excludedAfterDate = parseDate(name, value);
        else out.afterDate = parseDate(name, value);
      } else if (item.negated) out.excludedBeforeDate = parseDate(name, value);
      else out.beforeDate = parseDate(name, value);
      continue;
    }
    const parts = item.quoted ? item.text.split(/\s+/u).filter((p) => p !== '') : [item.text];
    count += Math.max(parts.length, 1);
    for (const p of parts) if (p.length > SEARCH_TERM_LENGTH_MAX) throw tooLong(p);
    const words = searchWords(item.text);
    if (words.length === 0) continue;
    (item.negated ? out.excludedTerms : out.terms).push({ words, prefix: item.prefix, text: item.text });
  }
  if (count > SEARCH_TERMS_MAX) {
    throw badRequest('api.post.search_posts.too_many_terms.app_error', `A search can have at most ${SEARCH_TERMS_MAX} terms; this one has ${count}.`);
  }
  return out;
}

/** True when the search asks for something: a term, a from:/in: filter, or a date. Exclusions alone ask for nothing. */
export function searchHasCriteria(s: ParsedSearch): boolean {
  return s.terms.length > 0 || s.fromUsers.length > 0 || s.inChannels.length > 0 || s.onDate !== undefined || s.afterDate !== undefined || s.beforeDate !== undefined;
}

const DAY_MS = 86_400_000;

/** Midnight starting the date in a time zone `offsetSeconds` east of UTC, in ms since the epoch. */
export function startOfDay(date: string, offsetSeconds: number): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) - offsetSeconds * 1000;
}

export type TimeBounds = {
  /** create_at >= since */
  since?: number;
  /** create_at < until */
  until?: number;
  /** Ranges [since, until) to leave out. */
  excluded: Array<{ since: number; until: number }>;
};

/**
 * The dates of a search as times, in the searcher's time zone (`offsetSeconds` east of UTC, Mattermost's
 * time_zone_offset): on: is that whole day, after: starts the next day, before: ends the day before, as in
 * Mattermost. Several kinds together must all hold.
 */
export function searchTimeBounds(s: ParsedSearch, offsetSeconds: number): TimeBounds {
  const bounds: TimeBounds = { excluded: [] };
  const lower = (t: number) => (bounds.since = bounds.since === undefined ? t : Math.max(bounds.since, t));
  const upper = (t: number) => (bounds.until = bounds.until === undefined ? t : Math.min(bounds.until, t));
  if (s.onDate) {
    lower(startOfDay(s.onDate, offsetSeconds));
    upper(startOfDay(s.onDate, offsetSeconds) + DAY_MS);
  }
  if (s.afterDate) lower(startOfDay(s.afterDate, offsetSeconds) + DAY_MS);
  if (s.beforeDate) upper(startOfDay(s.beforeDate, offsetSeconds));
  // -after:D keeps D and what came before; -before:D keeps D and what came after.
  if (s.excludedAfterDate) upper(startOfDay(s.excludedAfterDate, offsetSeconds) + DAY_MS);
  if (s.excludedBeforeDate) lower(startOfDay(s.excludedBeforeDate, offsetSeconds));
  for (const d of s.excludedOnDates) bounds.excluded.push({ since: startOfDay(d, offsetSeconds), until: startOfDay(d, offsetSeconds) + DAY_MS });
  return bounds;
}

const fold = (w: string) => w.toLowerCase();

/**
 * The stretches of the message each term matched, as written there (`Drift-Status` for the term drift-status), for
 * clients to highlight: Mattermost's `matches`. Distinct, in the order found.
 */
export function matchedTexts(message: string, terms: SearchPhrase[]): string[] {
  const tokens = [...message.matchAll(WORD)].map((m) => ({ word: fold(m[0]), start: m.index, end: m.index + m[0].length }));
  const out = new Set<string>();
  for (const term of terms) {
    const want = term.words.map(fold);
    for (let i = 0; i + want.length <= tokens.length; i++) {
      const hit = want.every((w, j) => {
        const have = tokens[i + j]!.word;
        return term.prefix && j === want.length - 1 ? have.startsWith(w) : have === w;
      });
      if (!hit) continue;
      let start = tokens[i]!.start;
      if (term.text.startsWith('#') && message[start - 1] === '#') start--;
      out.add(message.slice(start, tokens[i + want.length - 1]!.end));
    }
  }
  return [...out];
}
