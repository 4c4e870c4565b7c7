import { useRef, useState } from 'react';
import type { Post } from '@mattermost/types/posts';
import { store } from '../../store/state.ts';
import { setPostPinned, toggleReaction } from '../../actions/posts.ts';
import { useT } from '../../i18n/index.ts';
import { Menu, type MenuEntry } from '../common/Menu.tsx';
import { EmojiPicker } from './EmojiPicker.tsx';

export function permalinkOf(post: Pick<Post, 'id'>): string {
  const s = store.get();
  const team = (s.currentTeamId && s.teams[s.currentTeamId]?.name) || Object.values(s.teams)[0]?.name || '';
  return `${window.location.origin}/${team}/pl/${post.id}`;
}

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard permission (or an insecure origin): the old way still works inside a user gesture.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

export function openThread(rootId: string): void {
  store.update(() => ({ rhs: { kind: 'thread', rootId } }));
}

type Props = {
  post: Post;
  mine: boolean;
  canReply: boolean;
  onDelete: () => void;
  onStatus: (message: string) => void;
};

/**
 * The actions of a post, shown on hover and when the post (or anything in it) has keyboard focus: add reaction,
 * reply, and a menu (common/Menu.tsx) with edit / edit history / delete (own posts), pin / unpin and copy link.
 */
export function PostActions({ post, mine, canReply, onDelete, onStatus }: Props) {
  const t = useT();
  const [menu, setMenu] = useState(false);
  const [picker, setPicker] = useState(false);
  const reactRef = useRef<HTMLButtonElement>(null);
  const fail = (err: Error) => onStatus(t('posts.actionFailed', { message: err.message }));

  const entries: MenuEntry[] = [
    ...(canReply ? [{ label: t('posts.reply'), onSelect: () => openThread(post.root_id || post.id) }] : []),
    ...(mine ? [{ label: t('posts.edit'), onSelect: () => store.update(() => ({ editingPostId: post.id })) }] : []),
    ...(mine && post.edit_at > 0 ? [{ label: t('posts.editHistory'), onSelect: () => store.update(() => ({ rhs: { kind: 'history' as const, postId: post.id } })) }] : []),
    { label: post.is_pinned ? t('posts.unpin') : t('posts.pin'), onSelect: () => void setPostPinned(post.id, !post.is_pinned).catch(fail) },
    {
      label: t('posts.copyLink'),
      onSelect: () =>
        void copyText(permalinkOf(post))
          .then(() => onStatus(t('posts.linkCopied')))
          .catch(fail),
    },
    ...(mine ? [{ label: t('posts.delete'), onSelect: onDelete, danger: true }] : []),
  ];

  return (
    <div className={`post-actions${menu || picker ? ' post-actions-open' : ''}`} role="toolbar" aria-label={t('posts.actions')}>
      <button ref={reactRef} type="button" className="icon-btn" aria-label={t('posts.addReaction')} title={t('posts.addReaction')} onClick={() => setPicker((v) => !v)}>
        <span aria-hidden="true">☺</span>
      </button>
      {canReply && (
        <button type="button" className="icon-btn" aria-label={t('posts.reply')} title={t('posts.reply')} onClick={() => openThread(post.root_id || post.id)}>
          <span aria-hidden="true">↩</span>
        </button>
      )}
      <Menu
        label={t('posts.more')}
        buttonTitle={t('posts.more')}
        button={<span aria-hidden="true">⋯</span>}
        entries={entries}
        align="end"
        placement="inline"
        onOpenChange={setMenu}
      />
      {picker && (
        <EmojiPicker
          anchor={reactRef.current}
          onClose={() => {
            setPicker(false);
            reactRef.current?.focus();
          }}
          onPick={(name) => {
            setPicker(false);
            reactRef.current?.focus();
            const meId = store.get().me?.id;
            const already = post.metadata?.reactions?.some((r) => r.user_id === meId && r.emoji_name === name);
            if (!already) void toggleReaction(post.id, name).catch(fail);
          }}
        />
      )}
    </div>
  );
}
