import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { client, errorMessage } from '../../client.ts';
import { store, useAppState } from '../../store/state.ts';
import { archiveChannel, inFavorites, isMuted, leaveChannel, patchChannel, setFavorite, setMuted } from '../../actions/sidebar.ts';
import { onEvent } from '../../actions/websocket.ts';
import { useT } from '../../i18n/index.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { useChannelName } from '../sidebar/Sidebar.tsx';
import { Menu, type MenuEntry } from '../common/Menu.tsx';
import { Dialog } from '../common/Dialog.tsx';
import { setDrawer, useUi } from '../sidebar/ui-state.ts';
import { ArchiveIcon, BellOffIcon, ChevronIcon, FileIcon, HashIcon, LockIcon, MenuIcon, PeopleIcon, PinIcon, StarIcon } from '../sidebar/icons.tsx';
import { Avatar } from '../common/Avatar.tsx';
import '../sidebar/sidebar.css';
import { FormError } from '../common/FormError.tsx';

type EditKind = 'rename' | 'purpose' | 'header' | 'archive' | null;

/**
 * The channel header: drawer button (phone size), name with the channel menu, favourite, purpose/header, member
 * count, pinned messages and files. `children` go at the right end (room for the search box).
 */
export function ChannelHeader({ channel, children }: { channel: Channel; children?: ReactNode }) {
  const t = useT();
  const [, navigate] = useLocation();
  const name = useChannelName(channel);
  const teamId = useAppState((s) => s.currentTeamId ?? '');
  const teamName = useAppState((s) => (s.currentTeamId ? s.teams[s.currentTeamId]?.name : '') ?? '');
  const favorite = useAppState((s) => inFavorites(s, teamId, channel.id));
  const muted = useAppState((s) => isMuted(s, channel.id));
  const rhs = useAppState((s) => s.rhs);
  const meId = useAppState((s) => s.me?.id ?? '');
  const drawerOpen = useUi((u) => u.drawerOpen);
  const members = useMemberCount(channel.id);
  const [edit, setEdit] = useState<EditKind>(null);
  const archived = channel.delete_at > 0;
  const direct = channel.type === 'D' || channel.type === 'G';
  const otherId = channel.type === 'D' ? (channel.name.split('__').find((id) => id !== meId) ?? meId) : '';

  const entries: MenuEntry[] = [];
  if (!archived) {
    entries.push({ label: favorite ? t('sidebar.unfavorite') : t('sidebar.favorite'), onSelect: () => void setFavorite(teamId, channel, !favorite) });
    entries.push({ label: muted ? t('sidebar.unmute') : t('sidebar.mute'), onSelect: () => void setMuted(channel.id, !muted) });
    if (!direct) entries.push({ label: t('header.rename'), onSelect: () => setEdit('rename') });
    entries.push({ label: t('header.editHeader'), onSelect: () => setEdit('header') });
    if (!direct) entries.push({ label: t('header.editPurpose'), onSelect: () => setEdit('purpose') });
  }
  if (!direct && channel.name !== 'town-square') {
    entries.push({
      label: t('sidebar.leave'),
      danger: true,
      onSelect: () =>
        void leaveChannel(channel.id).then(() => {
          navigate(`~/${teamName}/channels/town-square`);
        }),
    });
    if (!archived) entries.push({ label: t('header.archive'), danger: true, onSelect: () => setEdit('archive') });
  }
  const toggleRhs = (kind: 'pinned' | 'files') => store.update((s) => ({ rhs: s.rhs?.kind === kind && s.rhs.channelId === channel.id ? null : { kind, channelId: channel.id } }));
  const text = channel.header || channel.purpose;

  return (
    <header className="channel-header">
      <button type="button" className="icon-btn drawer-toggle" aria-label={t('header.openSidebar')} aria-expanded={drawerOpen} aria-controls="sidebar" onClick={() => setDrawer(!drawerOpen)}>
        <MenuIcon />
      </button>
      <div className="channel-heading">
        <div className="channel-title-row">
          <span className="channel-title-icon">{archived ? <ArchiveIcon /> : channel.type === 'D' ? <Avatar userId={otherId} size={20} /> : channel.type === 'P' ? <LockIcon /> : channel.type === 'O' ? <HashIcon /> : null}</span>
          <h1 className="channel-title">{name}</h1>
          {entries.length > 0 && <Menu label={t('header.channelMenu', { name })} button={<ChevronIcon />} buttonClass="icon-btn channel-menu-btn" entries={entries} />}
          {!archived && (
            <button type="button" className={`icon-btn fav-btn${favorite ? ' on' : ''}`} aria-pressed={favorite} aria-label={t('header.favorite')} onClick={() => void setFavorite(teamId, channel, !favorite)}>
              <StarIcon filled={favorite} />
            </button>
          )}
          {muted && (
            <span className="channel-muted" title={t('sidebar.muted')}>
              <BellOffIcon />
              <span className="visually-hidden">{t('sidebar.muted')}</span>
            </span>
          )}
        </div>
        {text && <div className="channel-purpose markdown" title={text} dangerouslySetInnerHTML={{ __html: renderMarkdown(text.split('\n')[0]!) }} />}
      </div>
      <div className="channel-header-buttons">
        {members !== null && (
          <span className="header-stat" role="img" aria-label={t('common.members', { count: members })} title={t('common.members', { count: members })}>
            <PeopleIcon /> <span aria-hidden="true">{members}</span>
          </span>
        )}
        <button type="button" className="icon-btn header-btn" aria-label={t('header.pinned')} aria-pressed={rhs?.kind === 'pinned'} title={t('header.pinned')} onClick={() => toggleRhs('pinned')}>
          <PinIcon />
        </button>
        <button type="button" className="icon-btn header-btn" aria-label={t('header.files')} aria-pressed={rhs?.kind === 'files'} title={t('header.files')} onClick={() => toggleRhs('files')}>
          <FileIcon />
        </button>
      </div>
      {children && <div className="channel-header-extra">{children}</div>}
      {edit && <EditDialog kind={edit} channel={channel} name={name} onClose={() => setEdit(null)} />}
    </header>
  );
}

/** The channel's member count, refreshed when people join or leave. */
function useMemberCount(channelId: string): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void client
        .getChannelStats(channelId)
        .then((s) => live && setCount(s.member_count))
        .catch(() => undefined);
    setCount(null);
    load();
    const offs = [
      onEvent('user_added', (m) => m.broadcast.channel_id === channelId && load()),
      onEvent('user_removed', (m) => (m.broadcast.channel_id === channelId || m.data.channel_id === channelId) && load()),
    ];
    return () => {
      live = false;
      offs.forEach((off) => off());
    };
  }, [channelId]);
  return count;
}

function EditDialog({ kind, channel, name, onClose }: { kind: Exclude<EditKind, null>; channel: Channel; name: string; onClose: () => void }) {
  const t = useT();
  const initial = kind === 'rename' ? channel.display_name : kind === 'purpose' ? channel.purpose : kind === 'header' ? channel.header : '';
  const [value, setValue] = useState(initial);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (kind === 'rename' && !value.trim()) return setError(t('createChannel.nameRequired'));
    setBusy(true);
    try {
      if (kind === 'archive') await archiveChannel(channel.id);
      else await patchChannel(channel.id, kind === 'rename' ? { display_name: value.trim() } : kind === 'purpose' ? { purpose: value } : { header: value });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  const title = { rename: t('header.renameTitle'), purpose: t('header.purposeTitle'), header: t('header.headerTitle'), archive: t('header.archiveTitle', { name }) }[kind];
  return (
    <Dialog title={title} onClose={onClose}>
      <form className="form modal-body" onSubmit={(e) => void submit(e)} noValidate>
        {kind === 'archive' ? (
          <p>{t('header.archiveText', { name })}</p>
        ) : kind === 'rename' ? (
          <label>
            {t('createChannel.name')}
            <input autoFocus value={value} maxLength={64} onChange={(e) => setValue(e.target.value)} aria-invalid={Boolean(error)} />
          </label>
        ) : (
          <label>
            {kind === 'purpose' ? t('createChannel.purpose') : t('header.headerLabel')}
            <textarea autoFocus rows={3} value={value} maxLength={kind === 'purpose' ? 250 : 1024} onChange={(e) => setValue(e.target.value)} />
          </label>
        )}
        <FormError message={error} />
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={`btn ${kind === 'archive' ? 'btn-danger' : 'btn-primary'}`} disabled={busy} autoFocus={kind === 'archive'}>
            {kind === 'archive' ? t('header.archiveConfirm') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Shown instead of the composer in an archived channel. */
export function ArchivedNotice({ name }: { name: string }) {
  const t = useT();
  return (
    <div className="archived-notice" role="status">
      <ArchiveIcon />
      <span>{t('header.archivedNotice', { name })}</span>
    </div>
  );
}
