import { useAppState } from '../../store/state.ts';
import { useT } from '../../i18n/index.ts';
import { useChannelName } from '../sidebar/Sidebar.tsx';
import { PostList } from '../posts/PostList.tsx';
import { Composer } from '../composer/Composer.tsx';
import { ArchivedNotice, ChannelHeader } from './ChannelHeader.tsx';
import { SearchBox } from '../search/SearchBox.tsx';
import { NotificationBanner } from '../notifications/NotificationBanner.tsx';

/** The centre of the screen: channel header, messages, and the composer. */
export function ChannelView({ channelId }: { channelId: string }) {
  const t = useT();
  const channel = useAppState((s) => s.channels[channelId]);
  const name = useChannelName(channel!);
  const connected = useAppState((s) => s.connected);
  if (!channel) return null;
  return (
    <main className="center" aria-label={name}>
      <ChannelHeader channel={channel}>
        <SearchBox />
      </ChannelHeader>
      <NotificationBanner />
      {!connected && (
        <div className="connection-banner" role="status">
          {t('common.connectionLost')}
        </div>
      )}
      <PostList channelId={channelId} />
      {channel.delete_at > 0 ? <ArchivedNotice name={name} /> : <Composer channelId={channelId} />}
    </main>
  );
}
