import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useAppState } from '../../store/state.ts';
import { RightPanelFrame, closeRightPanel } from '../rhs/RightPanelFrame.tsx';
import { loadThread } from '../../actions/posts.ts';
import { useT } from '../../i18n/index.ts';
import { useChannelName } from '../sidebar/Sidebar.tsx';
import { PostItem } from '../posts/PostItem.tsx';
import { Composer } from '../composer/Composer.tsx';
import { continuesGroup } from '../posts/list-items.ts';
import '../posts/posts.css';

const EMPTY: string[] = [];

/** The right panel's thread: the root, its replies (live over the WebSocket) and a reply box. Esc closes it. */
export function ThreadPanel({ rootId }: { rootId: string }) {
  const t = useT();
  const root = useAppState((s) => s.posts[rootId]);
  const replies = useAppState((s) => s.threads[rootId] ?? EMPTY);
  const replyPosts = useAppState((s) => replies.map((id) => s.posts[id]));
  const channel = useAppState((s) => (root ? s.channels[root.channel_id] : undefined));
  const channelName = useChannelName(channel!);
  const [failed, setFailed] = useState(false);
  const bodyRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    setFailed(false);
    loadThread(rootId).catch(() => setFailed(true));
  }, [rootId]);

  useEffect(() => {
    // Focus moves into the panel when it opens, so keyboard users land in the thread (the reply box).
    const box = document.querySelector<HTMLTextAreaElement>('.rhs .composer textarea');
    (box ?? closeRef.current)?.focus();
  }, [rootId, Boolean(channel)]);

  useLayoutEffect(() => {
    const el = bodyRef.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [replies, root]);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      closeRightPanel();
    }
  };

  return (
    <RightPanelFrame
      label={t('posts.thread')}
      title={t('posts.thread')}
      subtitle={channel ? t('posts.threadIn', { channel: channelName }) : ''}
      closeLabel={t('posts.closePanel')}
      closeRef={closeRef}
      onKeyDown={onKeyDown}
    >
      <div
        className="rhs-body"
        ref={bodyRef}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {failed && !root && (
          <p className="rhs-empty" role="alert">
            {t('posts.threadFailed')}
          </p>
        )}
        {root && <PostItem postId={rootId} context="thread" />}
        {root && replies.length > 0 && <div className="thread-divider">{t('posts.replies', { count: replies.length })}</div>}
        <div role="log" aria-label={t('posts.thread')}>
          {replies.map((id, i) => (
            <PostItem key={id} postId={id} context="thread" grouped={i > 0 && Boolean(replyPosts[i] && replyPosts[i - 1]) && continuesGroup(replyPosts[i - 1], replyPosts[i]!)} />
          ))}
        </div>
      </div>
      {root && !root.delete_at && channel && <Composer channelId={root.channel_id} rootId={rootId} />}
    </RightPanelFrame>
  );
}
