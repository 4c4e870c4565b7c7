import { lazy, Suspense, useEffect, useMemo, useRef } from 'react';
import { Link, useLocation } from 'wouter';
import type { Team } from '@mattermost/types/teams';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { store, useAppState, type State } from '../../store/state.ts';
import { unreadState } from '../../actions/channels.ts';
import { displayName } from '../../actions/users.ts';
import { inFavorites, isMuted, leaveChannel, moveToCategory, readCollapsed, setCollapsed, setFavorite, setMuted, deleteCategory } from '../../actions/sidebar.ts';
import { useT, t as translate } from '../../i18n/index.ts';
import { Avatar } from '../common/Avatar.tsx';
import { Menu, type MenuEntry } from '../common/Menu.tsx';
import { TeamMenu } from './TeamMenu.tsx';
import { adjacentChannel, buildSections, otherUserIds, sidebarOrder, type Section } from './sidebar-model.ts';
import { closeDialog, openDialog, setDrawer, useUi } from './ui-state.ts';
import { ArchiveIcon, BellOffIcon, ChevronIcon, DotsIcon, HashIcon, LockIcon, PlusIcon, SearchIcon } from './icons.tsx';
import { AccountMenu } from '../account/AccountMenu.tsx';
import './sidebar.css';

// The dialogs load on first use: they are not needed to show the first screen.
const SidebarDialogs = lazy(() => import('./SidebarDialogs.tsx'));

/** The channel sidebar of a team: team menu, categories of channels, and the dialogs to find or start more. */
export function Sidebar({ team }: { team: Team }) {
  const t = useT();
  const sections = useSections(team.id);
  const dialog = useUi((u) => u.dialog);
  const dialogSeq = useUi((u) => u.dialogSeq);
  const drawerOpen = useUi((u) => u.drawerOpen);
  const navRef = useRef<HTMLElement>(null);
  useShortcuts(team, sections);
  useDocumentTitle(team);

  // The drawer (phone size) takes focus when it opens and gives it up on Esc.
  useEffect(() => {
    if (!drawerOpen) return;
    navRef.current?.querySelector<HTMLElement>('button, a')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !ui_dialogOpen()) {
        setDrawer(false);
        document.querySelector<HTMLElement>('.drawer-toggle')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drawerOpen]);

  return (
    <>
      <nav className="sidebar" aria-label={t('sidebar.label')} ref={navRef} id="sidebar">
        <TeamMenu team={team} />
        <div className="sidebar-actions">
          <button type="button" className="sidebar-find" onClick={() => openDialog({ kind: 'switcher' })} aria-keyshortcuts="Control+K Meta+K">
            <SearchIcon size={14} />
            <span>{t('sidebar.findChannel')}</span>
            <kbd aria-hidden="true">{isMac() ? '⌘K' : 'Ctrl+K'}</kbd>
          </button>
          <Menu
            label={t('sidebar.add')}
            button={<PlusIcon />}
            buttonClass="sidebar-add"
            entries={[
              { label: t('sidebar.createChannel'), onSelect: () => openDialog({ kind: 'create' }) },
              { label: t('sidebar.browseChannels'), onSelect: () => openDialog({ kind: 'browse' }) },
              { label: t('sidebar.createCategory'), onSelect: () => openDialog({ kind: 'category' }) },
              { label: t('sidebar.openDirect'), onSelect: () => openDialog({ kind: 'direct' }) },
            ]}
            align="end"
          />
        </div>
        <div className="sidebar-scroll">
          {sections.map((section) => (
            <CategorySection key={section.id} section={section} team={team} sections={sections} />
          ))}
        </div>
        <AccountMenu />
      </nav>
      {drawerOpen && <button type="button" className="drawer-backdrop" aria-label={t('sidebar.closeDrawer')} tabIndex={-1} onClick={() => setDrawer(false)} />}
      {dialog && (
        <Suspense fallback={null}>
          <SidebarDialogs key={dialogSeq} team={team} dialog={dialog} onClose={closeDialog} />
        </Suspense>
      )}
    </>
  );
}

const ui_dialogOpen = () => document.querySelector('dialog[open]') !== null;
const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Names of default categories are ours to translate (the server stores English ones). */
export function categoryName(section: Pick<Section, 'type' | 'displayName'>): string {
  if (section.type === 'favorites') return translate('sidebar.favorites');
  if (section.type === 'channels') return translate('sidebar.channels');
  if (section.type === 'direct_messages') return translate('sidebar.directMessages');
  return section.displayName;
}

const selectMyChannels = (teamId: string) => (s: State) =>
  Object.values(s.channels).filter((c) => s.myMembers[c.id] && (c.team_id === teamId || c.team_id === '') && (c.delete_at === 0 || c.id === s.currentChannelId));

/** The sidebar's categories for a team, from stored categories or computed ones. */
export function useSections(teamId: string): Section[] {
  const channels = useAppState(useMemo(() => selectMyChannels(teamId), [teamId]));
  const categories = useAppState((s) => s.categories[teamId]);
  const favorites = useAppState((s) => s.preferences.filter((p) => p.category === 'favorite_channel' && p.value === 'true').map((p) => p.name).join(','));
  const names = useAppState((s) => {
    const out: Record<string, string> = {};
    for (const c of channels) if (c.type === 'D' || c.type === 'G') out[c.id] = directName(s, c);
    return out;
  });
  const me = useAppState((s) => s.me!.id);
  // Computed categories collapse per browser; re-read when the categories record changes (setCollapsed touches it).
  const collapsedKey = useAppState((s) => s.categories);
  return useMemo(
    () => buildSections({ userId: me, teamId, channels, names, categories, favorites: new Set(favorites.split(',').filter(Boolean)), collapsed: new Set(readCollapsed()) }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [me, teamId, channels, names, categories, favorites, collapsedKey],
  );
}

function directName(s: State, channel: Channel): string {
  if (channel.type === 'D') {
    const other = s.users[otherUserIds(channel, s.me?.id ?? '')[0]!];
    return other ? other.username : displayName(undefined);
  }
  if (channel.type === 'G') {
    const mine = s.me?.username;
    const names = channel.display_name.split(',').map((n) => n.trim()).filter((n) => n && n !== mine);
    return names.join(', ') || channel.display_name;
  }
  return channel.display_name;
}

/** A channel's name as shown: the display name; for a DM the other person's username; for a group the others'. */
export function useChannelName(channel: Channel): string {
  return useAppState((s) => (channel ? directName(s, channel) : ''));
}

/** The app path of a channel (DMs by username, as Mattermost links them). */
export function channelPath(s: State, teamName: string, channel: Channel): string {
  if (channel.type === 'D') return `/${teamName}/messages/@${directName(s, channel)}`;
  if (channel.type === 'G') return `/${teamName}/messages/${channel.name}`;
  return `/${teamName}/channels/${channel.name}`;
}

function CategorySection({ section, team, sections }: { section: Section; team: Team; sections: Section[] }) {
  const t = useT();
  const name = categoryName(section);
  const headId = `cat-${section.id}`;
  // A collapsed category still shows its unread channels and the one on screen, as in Mattermost.
  const visible = useAppState((s) =>
    section.collapsed ? section.channelIds.filter((id) => id === s.currentChannelId || unreadState(s, id).unread || unreadState(s, id).mentions > 0) : section.channelIds,
  );
  const entries: MenuEntry[] = [];
  if (section.type === 'custom') {
    entries.push({ label: t('sidebar.renameCategory'), onSelect: () => openDialog({ kind: 'category', categoryId: section.id, name: section.displayName }) });
    entries.push({ label: t('sidebar.deleteCategory'), danger: true, onSelect: () => void deleteCategory(team.id, section.id) });
  }
  return (
    <section className={`sidebar-category${section.collapsed ? ' collapsed' : ''}`} aria-labelledby={headId}>
      <div className="sidebar-category-head">
        <button type="button" className="sidebar-category-toggle" aria-expanded={!section.collapsed} onClick={() => void setCollapsed(team.id, section.id, !section.collapsed)}>
          <ChevronIcon size={12} />
          <span id={headId}>{name}</span>
        </button>
        {section.type === 'direct_messages' && (
          <button type="button" className="icon-btn sidebar-head-btn" aria-label={t('sidebar.openDirect')} onClick={() => openDialog({ kind: 'direct' })}>
            <PlusIcon size={14} />
          </button>
        )}
        {entries.length > 0 && <Menu label={t('sidebar.categoryOptions', { name })} button={<DotsIcon size={14} />} buttonClass="icon-btn sidebar-head-btn" entries={entries} align="end" />}
      </div>
      {visible.length > 0 && (
        <ul className="sidebar-channels" role="list" aria-labelledby={headId}>
          {visible.map((id) => (
            <ChannelItem key={id} channelId={id} team={team} section={section} sections={sections} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ChannelItem({ channelId, team, section, sections }: { channelId: string; team: Team; section: Section; sections: Section[] }) {
  const t = useT();
  const channel = useAppState((s) => s.channels[channelId])!;
  const { unread, mentions } = useAppState((s) => unreadState(s, channelId));
  const current = useAppState((s) => s.currentChannelId === channelId);
  const muted = useAppState((s) => isMuted(s, channelId));
  const favorite = useAppState((s) => inFavorites(s, team.id, channelId));
  const hasCategories = useAppState((s) => Boolean(s.categories[team.id]));
  const name = useChannelName(channel);
  const href = useAppState((s) => channelPath(s, team.name, channel));
  const direct = channel.type === 'D' || channel.type === 'G';
  const others = useAppState((s) => otherUserIds(channel, s.me?.id ?? ''));

  const entries: MenuEntry[] = [
    { label: favorite ? t('sidebar.unfavorite') : t('sidebar.favorite'), onSelect: () => void setFavorite(team.id, channel, !favorite) },
    { label: muted ? t('sidebar.unmute') : t('sidebar.mute'), onSelect: () => void setMuted(channel.id, !muted) },
  ];
  if (hasCategories) {
    entries.push({
      kind: 'group',
      label: t('sidebar.moveTo'),
      items: [
        ...sections.map((s) => ({ label: categoryName(s), checked: s.id === section.id, onSelect: () => void moveToCategory(team.id, channel.id, s.id) })),
        { label: t('sidebar.newCategory'), onSelect: () => openDialog({ kind: 'category', channelId: channel.id }) },
      ],
    });
  }
  if (!direct && channel.name !== 'town-square') entries.push({ label: t('sidebar.leave'), danger: true, onSelect: () => void leaveChannel(channel.id) });

  const status = useAppState((s) => (channel.type === 'D' ? (s.statuses[others[0] ?? ''] ?? 'offline') : ''));
  const stateText = [status && t(`status.${status}` as 'status.online'), unread && t('sidebar.unread'), mentions > 0 && t('sidebar.mentions', { count: mentions }), muted && t('sidebar.muted')].filter(Boolean).join(', ');
  return (
    <li className={`sidebar-row${current ? ' active' : ''}${muted ? ' muted' : ''}`}>
      <Link href={`~${href}`} className={`sidebar-item${unread || mentions ? ' unread' : ''}${current ? ' active' : ''}`} aria-current={current ? 'page' : undefined} aria-label={stateText ? `${name}, ${stateText}` : name} onClick={() => setDrawer(false)}>
        <span className="sidebar-icon" aria-hidden="true">
          {channel.delete_at > 0 ? <ArchiveIcon /> : channel.type === 'D' ? <Avatar userId={others[0] ?? ''} size={18} /> : channel.type === 'G' ? <span className="gm-count" aria-hidden="true">{Math.max(1, name.split(',').length)}</span> : channel.type === 'P' ? <LockIcon /> : <HashIcon />}
        </span>
        <span className="sidebar-item-name">{name}</span>
        {muted && <BellOffIcon />}
        {mentions > 0 && (
          <span className="badge" aria-hidden="true">
            {mentions}
          </span>
        )}
      </Link>
      <Menu label={t('sidebar.channelOptions', { name })} button={<DotsIcon size={14} />} buttonClass="icon-btn sidebar-row-btn" className="sidebar-row-menu" entries={entries} align="end" />
    </li>
  );
}

/** Ctrl/Cmd+K opens the switcher; Alt+Up/Down goes to the previous/next channel (with Shift: unread ones). */
function useShortcuts(team: Team, sections: Section[]) {
  const [, navigate] = useLocation();
  const order = useRef<string[]>([]);
  order.current = sidebarOrder(sections);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        openDialog({ kind: 'switcher' });
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        if (ui_dialogOpen()) return;
        const s = store.get();
        const isUnread = e.shiftKey ? (id: string) => { const u = unreadState(s, id); return u.unread || u.mentions > 0; } : undefined;
        const next = adjacentChannel(order.current, s.currentChannelId, e.key === 'ArrowUp' ? -1 : 1, isUnread);
        const channel = next ? s.channels[next] : undefined;
        if (!channel) return;
        e.preventDefault();
        navigate(`~${channelPath(s, team.name, channel)}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [team, navigate]);
}

/**
 * The tab title as Mattermost writes it: "(mentions) " or "* " when only unread, then
 * "{channel} - {team} {site}".
 */
function useDocumentTitle(team: Team) {
  const channel = useAppState((s) => (s.currentChannelId ? s.channels[s.currentChannelId] : undefined));
  const channelName = useAppState((s) => (channel ? directName(s, channel) : ''));
  const site = useAppState((s) => s.config.SiteName) || translate('app.name');
  const { mentions, unread } = useAppState((s) => totalUnread(s));
  useEffect(() => {
    const prefix = mentions > 0 ? `(${mentions}) ` : unread ? '* ' : '';
    document.title = channelName ? `${prefix}${channelName} - ${team.display_name} ${site}` : `${prefix}${team.display_name} ${site}`;
  }, [mentions, unread, channelName, team.display_name, site]);
  useEffect(() => () => void (document.title = store.get().config.SiteName || translate('app.name')), []);
}

/** Mentions and whether anything is unread, over the loaded channels and the other teams' counts. */
export function totalUnread(s: State): { mentions: number; unread: boolean } {
  let mentions = 0;
  let unread = false;
  const loadedTeams = new Set<string>();
  for (const id of Object.keys(s.myMembers)) {
    const c = s.channels[id];
    if (!c || c.delete_at > 0) continue;
    if (c.team_id) loadedTeams.add(c.team_id);
    const u = unreadState(s, id);
    mentions += u.mentions;
    unread ||= u.unread;
  }
  for (const teamId of s.myTeamIds) {
    if (loadedTeams.has(teamId) || teamId === s.currentTeamId) continue;
    const m = s.teamMembers[teamId] as { mention_count?: number; msg_count?: number } | undefined;
    mentions += m?.mention_count ?? 0;
    unread ||= (m?.msg_count ?? 0) > 0;
  }
  return { mentions, unread };
}

