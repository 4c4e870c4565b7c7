import { useEffect, useRef, useState } from 'react';
import type { Reaction } from '@mattermost/types/reactions';
import { useAppState } from '../../store/state.ts';
import { toggleReaction } from '../../actions/posts.ts';
import { ensureUsers } from '../../actions/users.ts';
import { emojiChar } from '../../lib/emoji.ts';
import { useT } from '../../i18n/index.ts';
import { EmojiPicker } from './EmojiPicker.tsx';

const EMPTY: Reaction[] = [];

/** The reaction chips under a post: emoji and count, mine highlighted; a click toggles mine. */
export function Reactions({ postId, canReact }: { postId: string; canReact: boolean }) {
  const t = useT();
  const reactions = useAppState((s) => s.posts[postId]?.metadata?.reactions ?? EMPTY);
  const me = useAppState((s) => s.me?.id);
  const users = useAppState((s) => s.users);
  const [picker, setPicker] = useState(false);
  const addRef = useRef<HTMLButtonElement>(null);
  // The chips name who reacted: make sure we know them.
  useEffect(() => {
    if (reactions.length) void ensureUsers(reactions.map((r) => r.user_id));
  }, [reactions]);
  if (reactions.length === 0) return null;

  const byEmoji = new Map<string, Reaction[]>();
  for (const r of [...reactions].sort((a, b) => a.create_at - b.create_at)) byEmoji.set(r.emoji_name, [...(byEmoji.get(r.emoji_name) ?? []), r]);

  return (
    <div className="reactions">
      {[...byEmoji].map(([name, list]) => {
        const mine = list.some((r) => r.user_id === me);
        const names = list.map((r) => (r.user_id === me ? t('posts.reactionYou') : (users[r.user_id]?.username ?? '…'))).join(', ');
        const label = t('posts.reactedWith', { names, emoji: name });
        return (
          <button
            key={name}
            type="button"
            className={`reaction${mine ? ' reaction-mine' : ''}`}
            aria-pressed={mine}
            title={label}
            disabled={!canReact}
            onClick={() => void toggleReaction(postId, name).catch(() => undefined)}
          >
            {/* The name comes from the hidden text, not aria-label: WCAG's "label in name" wants a visible label
                (here an emoji and a number) to be part of an aria-label, which would read badly. */}
            <span className="reaction-emoji" aria-hidden="true">
              {emojiChar(name) ?? `:${name}:`}
            </span>
            <span className="reaction-count" aria-hidden="true">
              {list.length}
            </span>
            <span className="visually-hidden">{label}</span>
          </button>
        );
      })}
      {canReact && (
        <button ref={addRef} type="button" className="reaction reaction-add" aria-label={t('posts.addReaction')} title={t('posts.addReaction')} onClick={() => setPicker((v) => !v)}>
          <span aria-hidden="true">☺+</span>
        </button>
      )}
      {picker && (
        <EmojiPicker
          anchor={addRef.current}
          onClose={() => {
            setPicker(false);
            addRef.current?.focus();
          }}
          onPick={(name) => {
            setPicker(false);
            addRef.current?.focus();
            const already = reactions.some((r) => r.user_id === me && r.emoji_name === name);
            if (!already) void toggleReaction(postId, name).catch(() => undefined);
          }}
        />
      )}
    </div>
  );
}
