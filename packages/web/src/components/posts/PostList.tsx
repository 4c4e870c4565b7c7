import { useEffect, useRef } from 'react';
import { useAppState } from '../../store/state.ts';
import { useT } from '../../i18n/index.ts';
import { loadOlderPosts } from '../../actions/posts.ts';
import { PostItem } from './PostItem.tsx';

/** The messages of a channel, oldest at the top; stays scrolled to the bottom as new ones arrive. */
export function PostList({ channelId }: { channelId: string }) {
  const t = useT();
  const order = useAppState((s) => s.channelPosts[channelId]?.order ?? []);
  const hasOlder = useAppState((s) => s.channelPosts[channelId]?.hasOlder ?? false);
  const channelName = useAppState((s) => s.channels[channelId]?.display_name ?? '');
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useEffect(() => {
    const el = ref.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [order]);

  return (
    <div
      className="post-list"
      ref={ref}
      role="log"
      aria-live="polite"
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        if (el.scrollTop < 200 && hasOlder) void loadOlderPosts(channelId);
      }}
    >
      {!hasOlder && <p className="channel-intro">{t('channel.empty', { channel: channelName })}</p>}
      {order.map((id) => (
        <PostItem key={id} postId={id} />
      ))}
    </div>
  );
}
