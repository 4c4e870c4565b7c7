import { Link } from 'wouter';
import type { Team } from '@mattermost/types/teams';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { useAppState } from '../../store/state.ts';
import { unreadState } from '../../actions/channels.ts';
import { displayName } from '../../actions/users.ts';
import { useT } from '../../i18n/index.ts';

/** The channel sidebar of a team. */
export function Sidebar({ team }: { team: Team }) {
  const t = useT();
  const channels = useAppState((s) =>
    Object.values(s.channels).filter((c) => s.myMembers[c.id] && c.delete_at === 0 && (c.team_id === team.id || c.team_id === '')),
  );
  const sorted = [...channels].sort((a, b) => a.display_name.localeCompare(b.display_name));
  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <header className="sidebar-header">
        <span className="sidebar-team">{team.display_name}</span>
      </header>
      <ul className="sidebar-channels" role="list">
        {sorted.map((c) => (
          <ChannelItem key={c.id} channel={c} teamName={team.name} />
        ))}
      </ul>
    </nav>
  );
}

function ChannelItem({ channel, teamName }: { channel: Channel; teamName: string }) {
  const { unread, mentions } = useAppState((s) => unreadState(s, channel.id));
  const current = useAppState((s) => s.currentChannelId === channel.id);
  const name = useChannelName(channel);
  const href = channel.type === 'D' ? `/${teamName}/messages/@${name}` : `/${teamName}/channels/${channel.name}`;
  return (
    <li>
      <Link href={href} className={`sidebar-item${unread || mentions ? ' unread' : ''}${current ? ' active' : ''}`} aria-current={current ? 'page' : undefined}>
        <span className="sidebar-item-name">{name}</span>
        {mentions > 0 && (
          <span className="badge" aria-label={`${mentions}`}>
            {mentions}
          </span>
        )}
      </Link>
    </li>
  );
}

/** A channel's name as shown: the display name, or for a DM the other person's username. */
export function useChannelName(channel: Channel): string {
  return useAppState((s) => {
    if (channel.type !== 'D') return channel.display_name;
    const otherId = channel.name.split('__').find((id) => id !== s.me?.id) ?? s.me?.id ?? '';
    const other = s.users[otherId];
    return other ? other.username : displayName(undefined);
  });
}
