import { useAppState } from '../../store/state.ts';
import { ThreadPanel } from '../threads/ThreadPanel.tsx';
import { PinnedPanel } from '../threads/PinnedPanel.tsx';
import { SearchResults } from '../search/SearchResults.tsx';
import { ChannelFiles } from '../search/ChannelFiles.tsx';
import { EditHistoryPanel } from '../threads/EditHistoryPanel.tsx';

/**
 * The right-hand panel shows one thing at a time (state.rhs): a thread, search results, the pinned messages or
 * the files of a channel, or the earlier versions of one of my messages. Each kind has its own component; this only picks one.
 */
export function RightPanel() {
  const rhs = useAppState((s) => s.rhs);
  if (!rhs) return null;
  switch (rhs.kind) {
    case 'thread':
      return <ThreadPanel key={rhs.rootId} rootId={rhs.rootId} />;
    case 'pinned':
      return <PinnedPanel key={rhs.channelId} channelId={rhs.channelId} />;
    case 'search':
      return <SearchResults key={rhs.terms} terms={rhs.terms} />;
    case 'files':
      return <ChannelFiles key={rhs.channelId} channelId={rhs.channelId} />;
    case 'history':
      return <EditHistoryPanel key={rhs.postId} postId={rhs.postId} />;
    default:
      return null;
  }
}
