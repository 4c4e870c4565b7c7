import type { Team } from '@mattermost/types/teams';
import { client } from '../client.ts';
import { store, merge } from '../store/state.ts';
import { ensureUsers } from './users.ts';

/** Loads a team's channels, the user's memberships in them, and the sidebar categories, and makes it current. */
export async function openTeam(team: Team): Promise<void> {
  store.update(() => ({ currentTeamId: team.id }));
  const me = store.get().me!;
  const [channels, members, categories] = await Promise.all([
    client.getMyChannels(team.id),
    client.getMyChannelMembers(team.id),
    client.getChannelCategories(me.id, team.id).catch(() => null),
  ]);
  store.update((s) => ({
    channels: merge(s.channels, channels, (c) => c.id),
    myMembers: merge(s.myMembers, members, (m) => m.channel_id),
    categories: categories ? { ...s.categories, [team.id]: categories } : s.categories,
  }));
  // DM and group channel names hold the other people's ids: load their profiles for the sidebar.
  const others = channels.filter((c) => c.type === 'D' || c.type === 'G').flatMap((c) => c.name.split('__'));
  await ensureUsers(others.filter((id) => id.length === 26));
}

export function teamByName(name: string): Team | undefined {
  const s = store.get();
  return s.myTeamIds.map((id) => s.teams[id]).find((t) => t?.name === name);
}

export async function createTeam(displayName: string, name: string): Promise<Team> {
  const team = await client.createTeam({ display_name: displayName, name, type: 'O' } as Team);
  await joinedTeam(team);
  return team;
}

export async function joinTeam(team: Team): Promise<void> {
  await client.addToTeam(team.id, store.get().me!.id);
  await joinedTeam(team);
}

async function joinedTeam(team: Team): Promise<void> {
  const members = await client.getMyTeamMembers();
  store.update((s) => ({
    teams: { ...s.teams, [team.id]: team },
    myTeamIds: s.myTeamIds.includes(team.id) ? s.myTeamIds : [...s.myTeamIds, team.id],
    teamMembers: merge(s.teamMembers, members, (m) => m.team_id),
  }));
}
