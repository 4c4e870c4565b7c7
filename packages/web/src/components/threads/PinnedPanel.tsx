import { useCallback, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { store, useAppState, type State } from '../../store/state.ts';
import { loadPinnedPosts } from '../../actions/posts.ts';
import { useT } from '../../i18n/index.ts';
import { useChannelName } from '../sidebar/Sidebar.tsx';
import { PostItem } from '../posts/PostItem.tsx';
import { RightPanelFrame } from '../rhs/RightPanelFrame.tsx';
import '../posts/posts.css';

/**
 * The pinned messages of a channel, newest first. The server's list seeds it; after that, any post of the
 * channel whose is_pinned changes (post_edited over the WebSocket, or our own pin) joins or leaves the list.
 */
export function PinnedPanel({ channelId }: { channelId: string }) {
  const t = useT();
  const channel = useAppState((s) => s.channels[channelId]);
  const channelName = useChannelName(channel!);
  const teamName = useAppState((s) => (s.currentTeamId ? s.teams[s.currentTeamId]?.name : ''));
  const [state, setState] = useState<'loading' | 'failed' | 'ready'>('loading');

  useEffect(() => {
    loadPinnedPosts(channelId)
      .then(() => setState('ready'))
      .catch(() => setState('failed'));
  }, [channelId]);

  const ids = useAppState(
    useCallback(
      (s: State) =>
        Object.values(s.posts)
          .filter((p) => p.channel_id === channelId && p.is_pinned && !p.delete_at)
          .sort((a, b) => b.create_at - a.create_at)
          .map((p) => p.id),
      [channelId],
    ),
  );

  return (
    <RightPanelFrame
      label={t('posts.pinnedTitle')}
      title={t('posts.pinnedTitle')}
      subtitle={channel ? channelName : ''}
      closeLabel={t('posts.closePanel')}
    >
      <div className="rhs-body">
        {state === 'loading' && ids.length === 0 && (
          <p className="rhs-empty" role="status">
            {t('common.loading')}
          </p>
        )}
        {state === 'failed' && (
          <p className="rhs-empty" role="alert">
            {t('common.error', { message: '' })}
          </p>
        )}
        {state === 'ready' && ids.length === 0 && <p className="rhs-empty">{t('posts.pinnedNone')}</p>}
        <ul className="pinned-list" role="list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {ids.map((id) => (
            <li key={id} className="pinned-item">
              <PostItem postId={id} context="pinned" />
              <p className="pinned-jump">
                <Link href={`~/${teamName}/pl/${id}`} onClick={() => store.update(() => ({ highlightPostId: id }))}>
                  {t('posts.jump')}
                </Link>
              </p>
            </li>
          ))}
        </ul>
      </div>
    </RightPanelFrame>
  );
}
