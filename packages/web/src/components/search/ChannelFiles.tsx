import { useEffect, useState } from 'react';
import { errorMessage } from '../../client.ts';
import { store, useAppState } from '../../store/state.ts';
import { useT } from '../../i18n/index.ts';
import { useChannelName } from '../sidebar/Sidebar.tsx';
import { RightPanelFrame } from '../rhs/RightPanelFrame.tsx';
import { inFilter, searchFiles, type FileResult } from './search-api.ts';
import { FileList } from './FileList.tsx';
import './search.css';

/**
 * The files shared in one channel (the header's Files button): file search limited to the channel with in:, as
 * Mattermost's channel files panel does. Refreshed when a post with files arrives in the channel.
 */
export function ChannelFiles({ channelId }: { channelId: string }) {
  const t = useT();
  const channel = useAppState((s) => s.channels[channelId]);
  const name = useChannelName(channel!);
  const teamId = useAppState((s) => channel?.team_id || s.currentTeamId || '');
  const fileCount = useAppState((s) => Object.values(s.posts).filter((p) => p.channel_id === channelId && (p.file_ids?.length ?? 0) > 0 && !p.delete_at).length);
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; files: FileResult[] | null }>({ kind: 'loading' });

  useEffect(() => {
    if (!channel) return;
    let live = true;
    searchFiles(teamId, inFilter(channel, store.get().me?.id ?? ''))
      .then((files) => live && setState({ kind: 'ready', files }))
      .catch((err: unknown) => live && setState({ kind: 'failed', message: errorMessage(err) }));
    return () => {
      live = false;
    };
  }, [channel, teamId, fileCount]);

  return (
    <RightPanelFrame
      label={t('search.filesTitle', { channel: name })}
      title={t('search.tabFiles')}
      subtitle={channel ? name : ''}
      closeLabel={t('search.close')}
      className="search-panel"
    >
      <div className="rhs-body">
        {state.kind === 'loading' && (
          <p className="rhs-empty" role="status">
            {t('common.loading')}
          </p>
        )}
        {state.kind === 'failed' && (
          <p className="rhs-empty" role="alert">
            {t('search.failed', { message: state.message })}
          </p>
        )}
        {state.kind === 'ready' && state.files === null && <p className="rhs-empty">{t('search.filesUnavailable')}</p>}
        {state.kind === 'ready' && state.files?.length === 0 && <p className="rhs-empty">{t('search.filesNone')}</p>}
        {state.kind === 'ready' && state.files && state.files.length > 0 && <FileList files={state.files} />}
      </div>
    </RightPanelFrame>
  );
}
