// Emoji by the shortcode names Mattermost uses (its names come from iamcal's emoji-data, as emojibase's "iamcal"
// shortcodes do): `+1`, `thumbsup`, `white_check_mark`, `tada`. A small common map is here for synchronous use;
// the full list (about 1,900 emoji) loads on demand as a separate chunk, so it costs the first page load nothing.

/** The emoji people use most, name → character: enough for reactions and common :shortcodes: before the full list loads. */
const COMMON: Record<string, string> = {
  '+1': '👍️', 'thumbsup': '👍️', '-1': '👎️', 'thumbsdown': '👎️', 'smile': '😄', 'smiley': '😃', 'grinning': '😀',
  'grin': '😁', 'joy': '😂', 'laughing': '😆', 'sweat_smile': '😅', 'slightly_smiling_face': '🙂', 'wink': '😉',
  'blush': '😊', 'innocent': '😇', 'heart_eyes': '😍', 'kissing_heart': '😘', 'yum': '😋',
  'stuck_out_tongue_winking_eye': '😜', 'thinking_face': '🤔', 'neutral_face': '😐️', 'expressionless': '😑',
  'no_mouth': '😶', 'smirk': '😏', 'unamused': '😒', 'grimacing': '😬', 'relieved': '😌', 'pensive': '😔', 'sleepy': '😪',
  'sleeping': '😴', 'mask': '😷', 'face_with_thermometer': '🤒', 'sunglasses': '😎', 'nerd_face': '🤓', 'confused': '😕',
  'worried': '😟', 'slightly_frowning_face': '🙁', 'open_mouth': '😮', 'astonished': '😲', 'flushed': '😳',
  'pleading_face': '🥺', 'cry': '😢', 'sob': '😭', 'scream': '😱', 'disappointed': '😞', 'sweat': '😓', 'rage': '😡',
  'angry': '😠', 'skull': '💀', 'poop': '💩', 'clown_face': '🤡', 'ghost': '👻', 'alien': '👽️', 'robot_face': '🤖',
  'see_no_evil': '🙈', 'hear_no_evil': '🙉', 'speak_no_evil': '🙊', 'wave': '👋', 'raised_hand': '✋️', 'ok_hand': '👌',
  'v': '✌️', 'crossed_fingers': '🤞', 'point_up': '☝️', 'point_down': '👇️', 'point_left': '👈️', 'point_right': '👉️',
  'clap': '👏', 'raised_hands': '🙌', 'pray': '🙏', 'muscle': '💪', 'handshake': '🤝', 'eyes': '👀', 'heart': '❤️',
  'broken_heart': '💔', 'sparkling_heart': '💖', 'orange_heart': '🧡', 'yellow_heart': '💛', 'green_heart': '💚',
  'blue_heart': '💙', 'purple_heart': '💜', '100': '💯', 'boom': '💥', 'fire': '🔥', 'sparkles': '✨️', 'star': '⭐️',
  'star2': '🌟', 'tada': '🎉', 'confetti_ball': '🎊', 'balloon': '🎈', 'gift': '🎁', 'trophy': '🏆️',
  'white_check_mark': '✅️', 'heavy_check_mark': '✔️', 'x': '❌️', 'warning': '⚠️', 'no_entry': '⛔️', 'question': '❓️',
  'exclamation': '❗️', 'bulb': '💡', 'rocket': '🚀', 'zap': '⚡️', 'coffee': '☕️', 'beer': '🍺', 'beers': '🍻',
  'pizza': '🍕', 'cake': '🍰', 'birthday': '🎂', 'sunny': '☀️', 'rainbow': '🌈', 'snowflake': '❄️', 'umbrella': '☂️',
  'calendar': '📆', 'memo': '📝', 'pushpin': '📌', 'paperclip': '📎', 'lock': '🔒️', 'key': '🔑', 'hammer': '🔨',
  'wrench': '🔧', 'gear': '⚙️', 'computer': '💻️', 'bug': '🐛', 'link': '🔗', 'mag': '🔍️', 'bell': '🔔',
  'speech_balloon': '💬', 'email': '✉️', 'phone': '☎️', 'hourglass': '⌛️', 'stopwatch': '⏱️', 'alarm_clock': '⏰️',
  'white_circle': '⚪️', 'red_circle': '🔴', 'large_green_circle': '🟢', 'large_blue_circle': '🔵', 'construction': '🚧',
  'checkered_flag': '🏁', 'flag-no': '🇳🇴',
};

export type EmojiEntry = {
  /** The main shortcode, e.g. `+1`. */
  name: string;
  /** Every shortcode for it, the main one first (`+1`, `thumbsup`). */
  aliases: string[];
  char: string;
  /** emojibase's group key: smileys-emotion, people-body, animals-nature, food-drink, travel-places, activities, objects, symbols, flags. */
  category: string;
  /** Words to search by besides the names (emojibase's label and tags). */
  keywords: string[];
};

// emojibase's group numbers, in its order (messages.json); 2 holds the skin-tone swatches, which are left out.
const GROUPS = ['smileys-emotion', 'people-body', 'component', 'animals-nature', 'food-drink', 'travel-places', 'activities', 'objects', 'symbols', 'flags'];

let full: Map<string, string> | null = null;
let loading: Promise<EmojiEntry[]> | null = null;

/** The character for a shortcode name (without colons), or undefined: the common map, then the full list once loaded. */
export function emojiChar(name: string): string | undefined {
  const key = name.toLowerCase();
  return COMMON[key] ?? full?.get(key);
}

/** The names in the small synchronous map (for tests and for suggestions before the full list is in). */
export function commonEmojiNames(): string[] {
  return Object.keys(COMMON);
}

type CompactEmoji = { hexcode: string; unicode: string; label: string; group?: number; order?: number; tags?: string[] };

/** Builds the list from emojibase's compact data and its iamcal shortcodes (pure, for tests). */
export function buildEmojiList(data: readonly CompactEmoji[], shortcodes: Record<string, string | string[]>): EmojiEntry[] {
  const list: EmojiEntry[] = [];
  for (const e of [...data].sort((a, b) => (a.order ?? 1e9) - (b.order ?? 1e9))) {
    const codes = shortcodes[e.hexcode];
    if (!codes || e.group === undefined || e.group === 2) continue;
    const aliases = Array.isArray(codes) ? codes : [codes];
    list.push({ name: aliases[0], aliases, char: e.unicode, category: GROUPS[e.group] ?? 'symbols', keywords: [e.label, ...(e.tags ?? [])] });
  }
  return list;
}

/** Every emoji, loaded once on first call (a separate chunk); afterwards emojiChar() knows all of them too. */
export function loadAllEmoji(): Promise<EmojiEntry[]> {
  loading ??= Promise.all([import('emojibase-data/en/compact.json'), import('emojibase-data/en/shortcodes/iamcal.json')])
    .then(([data, codes]) => {
      const list = buildEmojiList(data.default as CompactEmoji[], codes.default as Record<string, string | string[]>);
      const map = new Map<string, string>();
      for (const e of list) for (const a of e.aliases) map.set(a, e.char);
      full = map;
      return list;
    })
    .catch((err: unknown) => {
      loading = null;
      throw err;
    });
  return loading;
}

/**
 * Emoji whose shortcodes match `term` (an alias starting with it first, then a word of it, then containing it),
 * each once, under the alias that matched.
 */
export function searchEmoji(list: readonly EmojiEntry[], term: string, limit = 20): { name: string; char: string }[] {
  const t = term.toLowerCase();
  const groups: { name: string; char: string }[][] = [[], [], []];
  for (const e of list) {
    let best = 3;
    let name = e.name;
    for (const a of e.aliases) {
      const rank = a.startsWith(t) ? 0 : a.split(/[_-]/).some((p) => p.startsWith(t)) ? 1 : a.includes(t) ? 2 : 3;
      if (rank < best) [best, name] = [rank, a];
    }
    if (best < 3) groups[best].push({ name, char: e.char });
  }
  return groups.flat().slice(0, limit);
}
