import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Post } from '@mattermost/types/posts';
import { store, useAppState } from '../../store/state.ts';
import { useLocale, useT } from '../../i18n/index.ts';
import { loadOlderPosts, loadNewerPosts, loadChannelPosts } from '../../actions/posts.ts';
import { buildListItems, dayLabel, type ListItem } from './list-items.ts';
import { PostItem } from './PostItem.tsx';
import './posts.css';

type Row = ListItem | { kind: 'top'; key: 'top' };

const EMPTY: string[] = [];
/** Closer than this to the bottom counts as "at the bottom" (the list then follows new posts). */
const BOTTOM_SLACK = 60;
/** Older posts load when the top is closer than this. */
const LOAD_OLDER_AT = 800;

/** The messages of a channel (virtualised). A new list per channel, so scroll state never leaks between channels. */
export function PostList({ channelId }: { channelId: string }) {
  return <ChannelPosts key={channelId} channelId={channelId} />;
}

function ChannelPosts({ channelId }: { channelId: string }) {
  const t = useT();
  const locale = useLocale();
  const order = useAppState((s) => s.channelPosts[channelId]?.order ?? EMPTY);
  const hasOlder = useAppState((s) => s.channelPosts[channelId]?.hasOlder ?? false);
  const hasNewer = useAppState((s) => s.channelPosts[channelId]?.hasNewer ?? false);
  const loading = useAppState((s) => s.channelPosts[channelId]?.loading ?? true);
  // After a failed page load nothing loads by itself (each scroll would ask again): the reader presses Retry, at
  // the top of the list for older posts, floating above "Jump to recent messages" for newer ones.
  const failed = useAppState((s) => s.channelPosts[channelId]?.failed);
  const busy = loading || Boolean(failed);
  const posts = useAppState(useCallback((s) => order.map((id) => s.posts[id]).filter((p): p is Post => Boolean(p)), [order]));
  const channelName = useAppState((s) => s.channels[channelId]?.display_name ?? '');
  const myId = useAppState((s) => s.me?.id);
  const highlightId = useAppState((s) => s.highlightPostId);
  // The "New messages" line stays where it was when the channel was opened.
  const [newSince] = useState(() => store.get().newMessagesSince[channelId] ?? 0);

  const rows = useMemo<Row[]>(() => {
    const items: Row[] = buildListItems(posts, { newSince, myUserId: myId, olderExist: hasOlder });
    return [{ kind: 'top', key: 'top' }, ...items];
  }, [posts, newSince, myId, hasOlder]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  const anchor = useRef<{ key: string; delta: number } | null>(null);
  const positioned = useRef(false);
  const lastPostId = useRef<string | undefined>(undefined);
  /** The scroll position as of the last scroll event or the layout effect below (which may write it). */
  const seenTop = useRef(0);
  const [newBelow, setNewBelow] = useState(false);
  const [unreadAbove, setUnreadAbove] = useState(false);
  const [unreadDismissed, setUnreadDismissed] = useState(false);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => {
      const r = rows[i];
      if (r.kind === 'post') return r.grouped ? 30 : 64;
      return r.kind === 'top' ? 56 : 36;
    },
    getItemKey: (i) => rows[i].key,
    overscan: 10,
    paddingEnd: 12,
  });

  const newIndex = rows.findIndex((r) => r.kind === 'new');
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  /** Scrolls to a row; the virtualiser corrects the place as rows get measured, so our anchor steps aside until the next scroll. */
  const scrollToRow = (index: number, align: 'start' | 'center') => {
    stuck.current = false;
    anchor.current = null;
    virtualizer.scrollToIndex(index, { align });
  };

  /**
   * The first post in view and how far below the top edge it starts, from the virtualiser's measurements (not
   * the DOM, which may still hold the rows of before a jump). The "loading older" row, the day's separator and
   * the new-messages line are no anchor: they move when older posts arrive.
   */
  const remember = () => {
    const el = scrollRef.current;
    if (!el) return;
    const top = el.scrollTop;
    for (const m of virtualizer.measurementsCache) {
      if (m.end > top + 1 && rows[m.index]?.kind === 'post') {
        anchor.current = { key: String(m.key), delta: m.start - top };
        return;
      }
    }
    anchor.current = null;
  };

  /** Loads the page before or after when the view is within LOAD_OLDER_AT of that end of what is loaded. */
  const loadNearEdges = (el: HTMLDivElement) => {
    if (el.scrollTop < LOAD_OLDER_AT && hasOlder) void loadOlderPosts(channelId);
    else if (el.scrollHeight - el.scrollTop - el.clientHeight < LOAD_OLDER_AT && hasNewer) void loadNewerPosts(channelId);
  };

  /** Takes in where the list is scrolled to: whether it follows the bottom, and which post to keep in place. */
  const takeScroll = (el: HTMLDivElement) => {
    seenTop.current = el.scrollTop;
    stuck.current = !hasNewer && el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK;
    if (stuck.current) setNewBelow(false);
    remember();
  };

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    takeScroll(el);
    if (!busy) loadNearEdges(el);
    if (newIndex >= 0) {
      const firstVisible = virtualizer.getVirtualItems().find((v) => v.end > el.scrollTop + 4);
      setUnreadAbove(Boolean(firstVisible && firstVisible.index > newIndex));
    }
  };

  // First position: the permalinked post, else the "New messages" line, else the bottom.
  useLayoutEffect(() => {
    if (positioned.current || posts.length === 0) return;
    positioned.current = true;
    const target = highlightId ? rows.findIndex((r) => r.kind === 'post' && r.id === highlightId) : -1;
    if (target >= 0) scrollToRow(target, 'center');
    else if (newIndex >= 0) scrollToRow(newIndex, 'start');
  });

  // A later permalink into this channel: scroll to it.
  useEffect(() => {
    if (!highlightId || !positioned.current) return;
    const target = rows.findIndex((r) => r.kind === 'post' && r.id === highlightId);
    if (target >= 0) scrollToRow(target, 'center');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [highlightId]);

  // The post being edited inline (Up in an empty composer, or the menu) comes into view.
  const editingId = useAppState((s) => s.editingPostId);
  useEffect(() => {
    if (!editingId) return;
    const i = rowsRef.current.findIndex((r) => r.kind === 'post' && r.id === editingId);
    if (i < 0) return;
    const el = scrollRef.current;
    const m = virtualizer.measurementsCache[i];
    if (el && m && (m.start < el.scrollTop || m.end > el.scrollTop + el.clientHeight)) {
      anchor.current = null;
      stuck.current = false;
      virtualizer.scrollToIndex(i, { align: 'auto' });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editingId]);

  // After every change of rows or sizes: follow the bottom, or keep what the reader looks at in place.
  const total = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    // A scroll whose event has not come yet (it comes with the next frame; a post arriving can render first) is the
    // reader's: take it in before keeping their place, or keeping the old place would undo it.
    if (Math.abs(el.scrollTop - seenTop.current) > 1) takeScroll(el);
    const last = posts[posts.length - 1];
    const arrived = last && lastPostId.current && last.id !== lastPostId.current && last.create_at > (posts.find((p) => p.id === lastPostId.current)?.create_at ?? 0);
    if (arrived && last.user_id === myId && !last.root_id) stuck.current = true; // my own new post: show it
    lastPostId.current = last?.id;
    if (stuck.current) {
      el.scrollTop = el.scrollHeight;
    } else {
      // Keep the post the reader was looking at where it was (older posts were added above, rows were measured).
      const a = anchor.current;
      const i = a ? rows.findIndex((r) => r.key === a.key) : -1;
      const m = i >= 0 ? virtualizer.measurementsCache[i] : undefined;
      if (a && m && Math.abs(m.start - a.delta - el.scrollTop) > 1) el.scrollTop = m.start - a.delta;
      if (arrived) setNewBelow(true);
    }
    seenTop.current = el.scrollTop;
    // Content shorter than the view: nothing to scroll, so it follows new posts.
    if (el.scrollHeight <= el.clientHeight + 1) stuck.current = true;
    // Near an end with more beyond it: load it, whether a scroll brought the reader here or a load that was still
    // running when they arrived has just finished (that scroll's event found the list busy and asked for nothing).
    // Not while a jump (permalink, unread line) is still settling: its target, not the top it passes, counts.
    if (positioned.current && !busy && posts.length > 0 && (anchor.current || stuck.current)) loadNearEdges(el);
  }, [rows, total, posts, myId, hasOlder, busy, channelId, virtualizer]);

  useEffect(
    () => () => {
      const s = store.get();
      if (s.highlightPostId && s.posts[s.highlightPostId]?.channel_id === channelId) store.update(() => ({ highlightPostId: null }));
    },
    [channelId],
  );

  const scrollToBottom = () => {
    // After a permalink the newest posts are not loaded yet: load them, then go down.
    if (hasNewer) void loadChannelPosts(channelId, true);
    stuck.current = true;
    setNewBelow(false);
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  const firstLoaded = posts[0];
  const unreadNotLoaded = newSince > 0 && newIndex < 0 && hasOlder && firstLoaded && firstLoaded.create_at > newSince;
  const jumpToUnread = async () => {
    for (let i = 0; i < 20; i++) {
      const s = store.get();
      const w = s.channelPosts[channelId];
      const oldest = w?.order[0] ? s.posts[w.order[0]] : undefined;
      if (!w?.hasOlder || !oldest || oldest.create_at <= newSince) break;
      await loadOlderPosts(channelId);
    }
    setUnreadDismissed(true);
    requestAnimationFrame(() => {
      const i = rowsRef.current.findIndex((r) => r.kind === 'new');
      if (i >= 0) scrollToRow(i, 'start');
    });
  };

  const now = Date.now();
  const renderRow = (row: Row) => {
    switch (row.kind) {
      case 'top':
        return failed === 'older' ? (
          loadFailed(() => void loadOlderPosts(channelId))
        ) : hasOlder ? (
          <p className="post-list-loading" role="status">
            {t('posts.loadingOlder')}
          </p>
        ) : loading && posts.length === 0 ? null : (
          <p className="channel-intro">{t('channel.empty', { channel: channelName })}</p>
        );
      case 'date': {
        const label = dayLabel(row.day, now, locale, { today: t('common.today'), yesterday: t('common.yesterday') });
        return (
          <h2 className="date-separator">
            <span>{label}</span>
          </h2>
        );
      }
      case 'new':
        return (
          <div className="new-messages-line" role="separator" aria-label={t('posts.newMessages')}>
            <span aria-hidden="true">{t('posts.newMessages')}</span>
          </div>
        );
      case 'post':
        return <PostItem postId={row.id} grouped={row.grouped} />;
    }
  };

  const loadFailed = (retry: () => void, className = 'post-list-loading') => (
    <p className={className} role="alert">
      {t('posts.loadFailed')}{' '}
      <button type="button" className="btn btn-link" onClick={retry}>
        {t('posts.retry')}
      </button>
    </p>
  );

  return (
    <div className="post-list-wrap">
      {!unreadDismissed && (unreadAbove || unreadNotLoaded) && (
        <button type="button" className="post-list-jump post-list-jump-top" onClick={() => void jumpToUnread()}>
          {t('posts.jumpToUnread')}
        </button>
      )}
      <div className="post-list" ref={scrollRef} onScroll={onScroll}>
        <div role="log" aria-label={t('posts.listLabel', { channel: channelName })} className="post-list-inner" style={{ height: total }}>
          {virtualizer.getVirtualItems().map((v) => (
            <div key={v.key} data-index={v.index} data-key={String(v.key)} data-kind={rows[v.index].kind} ref={virtualizer.measureElement} className="post-list-row" style={{ transform: `translateY(${v.start}px)` }}>
              {renderRow(rows[v.index])}
            </div>
          ))}
        </div>
      </div>
      {failed === 'newer' && loadFailed(() => void loadNewerPosts(channelId), 'post-list-loading post-list-failed-newer')}
      {(newBelow || hasNewer) && (
        <button type="button" className="post-list-jump post-list-jump-bottom" onClick={scrollToBottom}>
          {t(hasNewer ? 'posts.jumpToRecent' : 'posts.newMessagesBelow')}
        </button>
      )}
    </div>
  );
}
