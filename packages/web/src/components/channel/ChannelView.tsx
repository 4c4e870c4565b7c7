import { useAppState } from '../../store/state.ts';
import { useT } from '../../i18n/index.ts';
import { useChannelName } from '../sidebar/Sidebar.tsx';
import { PostList } from '../posts/PostList.tsx';
import { Composer } from '../composer/Composer.tsx';

/** The centre of the screen: channel header, messages, and the composer. */
export function ChannelView({ channelId }: { channelId: string }) {
  const t = useT();
  const channel = useAppState((s) => s.channels[channelId]);
  const name = useChannelName(channel!);
  const connected = useAppState((s) => s.connected);
  if (!channel) return null;
  return (
    <main className="center" aria-label={name}>
      <header className="channel-header">
        <h1 className="channel-title">{name}</h1>
        {channel.purpose && <p className="channel-purpose">{channel.purpose}</p>}
      </header>
      {!connected && (
        <div className="connection-banner" role="status">
          {t('common.connectionLost')}
        </div>
      )}
      <PostList channelId={channelId} />
      <Composer channelId={channelId} />
    </main>
  );
}
