import { useEffect } from 'react';
import { useLocation } from 'wouter';
import type { Team } from '@mattermost/types/teams';
import { useAppState } from '../../store/state.ts';
import { loadTeamUnreads } from '../../actions/sidebar.ts';
import { useT } from '../../i18n/index.ts';
import { Menu, type MenuEntry } from '../common/Menu.tsx';
import { ChevronIcon } from './icons.tsx';

/**
 * The team name at the top of the sidebar opens the team menu: the user's other teams (with unread and mention
 * marks), create a team, join another team. A dot on the button tells of unread messages in other teams.
 */
export function TeamMenu({ team }: { team: Team }) {
  const t = useT();
  const [, navigate] = useLocation();
  const others = useAppState((s) =>
    s.myTeamIds
      .filter((id) => id !== team.id && s.teams[id])
      .map((id) => {
        const m = s.teamMembers[id] as { mention_count?: number; msg_count?: number } | undefined;
        return { id, name: s.teams[id]!.name, displayName: s.teams[id]!.display_name, mentions: m?.mention_count ?? 0, unread: (m?.msg_count ?? 0) > 0 };
      }),
  );
  useEffect(() => {
    void loadTeamUnreads();
  }, [team.id]);
  const mentions = others.reduce((n, o) => n + o.mentions, 0);
  const unread = others.some((o) => o.unread);

  const entries: MenuEntry[] = [];
  if (others.length > 0) {
    entries.push({
      kind: 'group',
      label: t('teams.switch'),
      items: others.map((o) => ({
        label: o.mentions > 0 ? t('teams.withMentions', { team: o.displayName, count: o.mentions }) : o.unread ? t('teams.withUnread', { team: o.displayName }) : o.displayName,
        onSelect: () => navigate(`~/${o.name}`),
      })),
    });
  }
  entries.push({ label: t('teams.create'), onSelect: () => navigate('~/create_team') });
  entries.push({ label: t('teams.join'), onSelect: () => navigate('~/select_team') });

  return (
    <header className="sidebar-header">
      <Menu
        label={t('teams.menu', { team: team.display_name })}
        buttonClass="sidebar-team"
        className="sidebar-team-menu"
        entries={entries}
        button={
          <>
            {/* Initials and the count are drawn by CSS (attr()), not text: the button's name must contain all
                of its visible text (WCAG "label in name"), and "Fr Fribyte 3" would be a poor name. The count is
                announced by the status line below. */}
            <span className="team-initial" aria-hidden="true" data-initials={team.display_name.slice(0, 2)} />
            <span className="sidebar-team-name">{team.display_name}</span>
            <ChevronIcon />
            {mentions > 0 ? (
              <span className="badge badge-css" aria-hidden="true" data-count={mentions} />
            ) : unread ? (
              <span className="unread-dot" aria-hidden="true" />
            ) : null}
          </>
        }
      />
      {(mentions > 0 || unread) && <span className="visually-hidden" role="status">{mentions > 0 ? t('teams.otherMentions', { count: mentions }) : t('teams.otherUnread')}</span>}
    </header>
  );
}
