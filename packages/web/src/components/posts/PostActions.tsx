import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Post } from '@mattermost/types/posts';
import { store } from '../../store/state.ts';
import { setPostPinned, toggleReaction } from '../../actions/posts.ts';
import { useT } from '../../i18n/index.ts';
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
 * reply, and a menu with edit / delete (own posts), pin / unpin and copy link. Esc closes the menu; arrows move in it.
 */
export function PostActions({ post, mine, canReply, onDelete, onStatus }: Props) {
  const t = useT();
  const [menu, setMenu] = useState(false);
  const [picker, setPicker] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const reactRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!menu) return;
    menuRef.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const onDown = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && !moreRef.current?.contains(e.target as Node)) setMenu(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [menu]);

  const closeMenu = () => {
    setMenu(false);
    moreRef.current?.focus();
  };
  const run = (fn: () => unknown) => () => {
    setMenu(false);
    fn();
  };
  const fail = (err: Error) => onStatus(t('posts.actionFailed', { message: err.message }));

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closeMenu();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      items[(i + 1) % items.length]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i - 1 + items.length) % items.length]?.focus();
    } else if (e.key === 'Home') {
      e.preventDefault();
      items[0]?.focus();
    } else if (e.key === 'End') {
      e.preventDefault();
      items[items.length - 1]?.focus();
    } else if (e.key === 'Tab') {
      setMenu(false);
    }
  };

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
      <button
        ref={moreRef}
        type="button"
        className="icon-btn"
        aria-label={t('posts.more')}
        title={t('posts.more')}
        aria-haspopup="menu"
        aria-expanded={menu}
        onClick={() => setMenu((v) => !v)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setMenu(true);
          }
        }}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {menu && (
        <div ref={menuRef} className="post-menu" role="menu" aria-label={t('posts.more')} onKeyDown={onMenuKey}>
          {canReply && (
            <button type="button" role="menuitem" tabIndex={-1} onClick={run(() => openThread(post.root_id || post.id))}>
              {t('posts.reply')}
            </button>
          )}
          {mine && (
            <button type="button" role="menuitem" tabIndex={-1} onClick={run(() => store.update(() => ({ editingPostId: post.id })))}>
              {t('posts.edit')}
            </button>
          )}
          <button type="button" role="menuitem" tabIndex={-1} onClick={run(() => void setPostPinned(post.id, !post.is_pinned).catch(fail))}>
            {post.is_pinned ? t('posts.unpin') : t('posts.pin')}
          </button>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            onClick={run(() =>
              copyText(permalinkOf(post))
                .then(() => onStatus(t('posts.linkCopied')))
                .catch(fail),
            )}
          >
            {t('posts.copyLink')}
          </button>
          {mine && (
            <button type="button" role="menuitem" tabIndex={-1} className="post-menu-danger" onClick={run(onDelete)}>
              {t('posts.delete')}
            </button>
          )}
        </div>
      )}
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
