import type { Team } from '@mattermost/types/teams';
import type { SidebarDialog } from './ui-state.ts';
import { BrowseChannelsDialog } from './BrowseChannelsDialog.tsx';
import { CreateChannelDialog } from './CreateChannelDialog.tsx';
import { DirectMessageDialog } from './DirectMessageDialog.tsx';
import { ChannelSwitcher } from './ChannelSwitcher.tsx';
import { CategoryDialog } from './CategoryDialog.tsx';

/** The sidebar's dialogs, loaded together on first use (see Sidebar's lazy import). */
export default function SidebarDialogs({ team, dialog, onClose }: { team: Team; dialog: SidebarDialog; onClose: () => void }) {
  switch (dialog.kind) {
    case 'browse':
      return <BrowseChannelsDialog team={team} onClose={onClose} />;
    case 'create':
      return <CreateChannelDialog team={team} initialType={dialog.type} onClose={onClose} />;
    case 'direct':
      return <DirectMessageDialog team={team} onClose={onClose} />;
    case 'switcher':
      return <ChannelSwitcher team={team} onClose={onClose} />;
    case 'category':
      return <CategoryDialog team={team} channelId={dialog.channelId} categoryId={dialog.categoryId} name={dialog.name} onClose={onClose} />;
    default:
      return null;
  }
}
