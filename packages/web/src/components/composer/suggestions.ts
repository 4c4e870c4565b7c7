import { useEffect, useState } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client } from '../../client.ts';
import { receiveUsers } from '../../actions/users.ts';
import { commonEmojiNames, emojiChar, loadAllEmoji, searchEmoji, type EmojiEntry } from '../../lib/emoji.ts';
import { rankByName, specialMentionsFor, type SpecialMention, type Token } from '../../lib/autocomplete.ts';

export type Suggestion =
  | { kind: 'user'; id: string; insert: string; user: UserProfile; outOfChannel: boolean }
  | { kind: 'special'; id: string; insert: string; mention: SpecialMention }
  | { kind: 'channel'; id: string; insert: string; name: string; displayName: string }
  | { kind: 'emoji'; id: string; insert: string; name: string; char: string };

const LIMIT = 20;
const DEBOUNCE_MS = 120;

let allEmoji: EmojiEntry[] | null = null;

function emojiSuggestions(term: string): Suggestion[] {
  const found = allEmoji
    ? searchEmoji(allEmoji, term, LIMIT)
    : rankByName(commonEmojiNames(), term, (n) => n, LIMIT).map((name) => ({ name, char: emojiChar(name)! }));
  return found.map((e) => ({ kind: 'emoji', id: `emoji-${e.name}`, insert: `:${e.name}:`, name: e.name, char: e.char }));
}

/**
 * The suggestions for the token at the caret: people (channel members first, then @here/@channel/@all, then the
 * rest of the team), channels, or emoji. Server look-ups wait for a short pause in typing; a stale answer is dropped.
 */
export function useSuggestions(token: Token | null, channelId: string, teamId: string): Suggestion[] {
  const [items, setItems] = useState<Suggestion[]>([]);
  const kind = token?.kind;
  const term = token?.term;
  useEffect(() => {
    if (kind === undefined || term === undefined) {
      setItems([]);
      return;
    }
    let live = true;
    if (kind === ':') {
      setItems(emojiSuggestions(term));
      if (!allEmoji) {
        void loadAllEmoji()
          .then((list) => {
            allEmoji = list;
            if (live) setItems(emojiSuggestions(term));
          })
          .catch(() => undefined);
      }
      return () => {
        live = false;
      };
    }
    const timer = setTimeout(() => {
      const lookup =
        kind === '@'
          ? client.autocompleteUsers(term, teamId, channelId, { limit: LIMIT }).then((res) => {
              const inChannel = res.users ?? [];
              const outside = res.out_of_channel ?? [];
              receiveUsers([...inChannel, ...outside]);
              const special = specialMentionsFor(term).map<Suggestion>((m) => ({ kind: 'special', id: `special-${m}`, insert: `@${m}`, mention: m }));
              return [
                ...inChannel.map<Suggestion>((u) => ({ kind: 'user', id: `user-${u.id}`, insert: `@${u.username}`, user: u, outOfChannel: false })),
                ...special,
                ...outside.map<Suggestion>((u) => ({ kind: 'user', id: `user-${u.id}`, insert: `@${u.username}`, user: u, outOfChannel: true })),
              ];
            })
          : teamId
            ? client.autocompleteChannels(teamId, term).then((channels) => {
                return channels
                  .filter((c) => c.delete_at === 0 && (c.type === 'O' || c.type === 'P'))
                  .map<Suggestion>((c) => ({ kind: 'channel', id: `channel-${c.id}`, insert: `~${c.name}`, name: c.name, displayName: c.display_name }));
              })
            : Promise.resolve<Suggestion[]>([]);
      lookup.then((list) => live && setItems(list.slice(0, LIMIT + 3))).catch(() => live && setItems([]));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [kind, term, channelId, teamId]);
  return token ? items : [];
}
