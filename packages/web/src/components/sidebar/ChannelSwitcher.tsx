import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useLocation } from 'wouter';
import type { Team } from '@mattermost/types/teams';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { client } from '../../client.ts';
import { unreadState } from '../../actions/channels.ts';
import { displayName, receiveUsers } from '../../actions/users.ts';
import { useAppState, type State } from '../../store/state.ts';
import { useT } from '../../i18n/index.ts';
import { Avatar } from '../common/Avatar.tsx';
import { Dialog } from '../common/Dialog.tsx';
import { channelPath } from './Sidebar.tsx';
import { channelHandle, fuzzyScore, otherUserIds } from './sidebar-model.ts';
import { HashIcon, LockIcon } from './icons.tsx';

type Item = { key: string; label: string; detail: string; href: string; kind: 'O' | 'P' | 'D' | 'G' | 'user' | 'join'; userId?: string; unread: boolean; mentions: number; recent: number };

const LIMIT = 20;

/** Ctrl/Cmd+K: find any channel, direct message or person by a fuzzy match; unread ones first; Enter goes there. */
export function ChannelSwitcher({ team, onClose }: { team: Team; onClose: () => void }) {
  const t = useT();
  const [, navigate] = useLocation();
  const [term, setTerm] = useState('');
  const [active, setActive] = useState(0);
  const [publicChannels, setPublic] = useState<Channel[]>([]);
  const [found, setFound] = useState<UserProfile[]>([]);
  const state = useAppState((s) => s);

  useEffect(() => {
    void client.getChannels(team.id, 0, 200).then(setPublic).catch(() => undefined);
  }, [team.id]);
  useEffect(() => {
    const q = term.trim().replace(/^@/, '');
    if (!q) return;
    let live = true;
    const timer = setTimeout(() => {
      void client
        .autocompleteUsers(q, team.id, '', { limit: 20 })
        .then((r) => {
          if (!live) return;
          receiveUsers(r.users);
          setFound(r.users);
        })
        .catch(() => undefined);
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [term, team.id]);

  const items = useMemo(() => buildItems(state, team, publicChannels, found, t), [state, team, publicChannels, found, t]);
  const shown = useMemo(() => rank(items, term), [items, term]);
  useEffect(() => setActive(0), [term]);

  const go = (item: Item | undefined) => {
    if (!item) return;
    onClose();
    navigate(`~${item.href}`);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((a) => (a + 1) % Math.max(shown.length, 1));
    else if (e.key === 'ArrowUp') setActive((a) => (a - 1 + shown.length) % Math.max(shown.length, 1));
    else if (e.key === 'Enter') go(shown[active]);
    else return;
    e.preventDefault();
  };

  return (
    <Dialog title={t('switcher.title')} onClose={onClose} className="switcher">
      <div className="modal-body">
        <input
          className="input switcher-input"
          autoFocus
          role="combobox"
          aria-autocomplete="list"
          aria-expanded="true"
          aria-controls="switcher-list"
          aria-activedescendant={shown[active] ? `sw-${shown[active]!.key}` : undefined}
          aria-label={t('switcher.input')}
          placeholder={t('switcher.placeholder')}
          value={term}
          onChange={(e) => setTerm(e.target.value)}
          onKeyDown={onKey}
        />
        <ul className="pick-list switcher-list" id="switcher-list" role="listbox" aria-label={t('switcher.results')}>
          {shown.length === 0 && <li className="muted-text">{t('switcher.none')}</li>}
          {shown.map((item, i) => (
            <li
              key={item.key}
              id={`sw-${item.key}`}
              role="option"
              aria-selected={i === active}
              className={`pick-row${i === active ? ' active' : ''}${item.unread || item.mentions ? ' unread' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => i !== active && setActive(i)}
              onClick={() => go(item)}
            >
              <span className="switcher-icon">{item.userId ? <Avatar userId={item.userId} size={20} /> : item.kind === 'P' ? <LockIcon /> : item.kind === 'G' ? <span className="gm-count">{item.label.split(',').length}</span> : <HashIcon />}</span>
              <span className="pick-name">
                <span className="switcher-label">{item.label}</span>
                {item.detail && <span className="switcher-detail"> {item.detail}</span>}
              </span>
              {item.mentions > 0 && (
                <span className="badge" aria-label={t('sidebar.mentions', { count: item.mentions })}>
                  {item.mentions}
                </span>
              )}
            </li>
          ))}
        </ul>
        <p className="form-help switcher-hint">{t('switcher.hint')}</p>
      </div>
    </Dialog>
  );
}

function buildItems(s: State, team: Team, publicChannels: Channel[], found: UserProfile[], t: ReturnType<typeof useT>): Item[] {
  const me = s.me!;
  const out: Item[] = [];
  const dmWith = new Set<string>();
  for (const c of Object.values(s.channels)) {
    const member = s.myMembers[c.id];
    if (!member || c.delete_at > 0 || (c.team_id !== team.id && c.team_id !== '')) continue;
    const { unread, mentions } = unreadState(s, c.id);
    const recent = Math.max(member.last_viewed_at ?? 0, c.last_post_at ?? 0);
    if (c.type === 'D') {
      const other = s.users[otherUserIds(c, me.id)[0]!];
      if (!other) continue;
      dmWith.add(other.id);
      out.push({ key: c.id, label: other.username, detail: displayName(other) !== other.username ? displayName(other) : '', href: channelPath(s, team.name, c), kind: 'D', userId: other.id, unread, mentions, recent });
    } else if (c.type === 'G') {
      const label = c.display_name.split(',').map((n) => n.trim()).filter((n) => n !== me.username).join(', ');
      out.push({ key: c.id, label, detail: '', href: channelPath(s, team.name, c), kind: 'G', unread, mentions, recent });
    } else {
      out.push({ key: c.id, label: c.display_name, detail: c.name !== channelHandle(c.display_name) ? `~${c.name}` : '', href: channelPath(s, team.name, c), kind: c.type as 'O' | 'P', unread, mentions, recent });
    }
  }
  for (const c of publicChannels) {
    if (s.myMembers[c.id] || c.delete_at > 0) continue;
    out.push({ key: c.id, label: c.display_name, detail: t('switcher.notMember'), href: `/${team.name}/channels/${c.name}`, kind: 'join', unread: false, mentions: 0, recent: -1 });
  }
  const people = new Map<string, UserProfile>();
  for (const u of found) people.set(u.id, u);
  for (const u of Object.values(s.users)) people.set(u.id, u);
  for (const u of people.values()) {
    if (dmWith.has(u.id) || u.delete_at > 0) continue;
    out.push({ key: `u-${u.id}`, label: u.username, detail: displayName(u) !== u.username ? displayName(u) : '', href: `/${team.name}/messages/@${u.username}`, kind: 'user', userId: u.id, unread: false, mentions: 0, recent: -2 });
  }
  return out;
}

/** With no query: unread first, then recently used. With one: unread matches first, then by match quality. */
function rank(items: Item[], term: string): Item[] {
  const q = term.trim().replace(/^[@~]/, '');
  const hot = (i: Item) => (i.mentions > 0 ? 2 : i.unread ? 1 : 0);
  if (!q) return items.filter((i) => i.recent >= 0).sort((a, b) => hot(b) - hot(a) || b.recent - a.recent).slice(0, LIMIT);
  return items
    .map((item) => ({ item, score: Math.max(fuzzyScore(q, item.label) ?? -1, (fuzzyScore(q, item.detail) ?? -1) - 50) }))
    .filter((x) => x.score >= 0)
    .sort((a, b) => hot(b.item) - hot(a.item) || b.score - a.score || b.item.recent - a.item.recent)
    .slice(0, LIMIT)
    .map((x) => x.item);
}

