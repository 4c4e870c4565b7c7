import { Redirect } from 'wouter';
import { useAppState } from '../store/state.ts';
import { lastChannelPath } from './last-channel.ts';

/** `/`: the last channel of the last team, else the team list, else (first run) team creation. */
export function HomeRedirect() {
  const teams = useAppState((s) => s.myTeamIds.map((id) => s.teams[id]!));
  const last = localStorage.getItem('prat.lastTeam');
  const team = teams.find((t) => t.name === last) ?? (teams.length === 1 ? teams[0] : undefined);
  if (team) return <Redirect to={lastChannelPath(team.name)} replace />;
  return <Redirect to={teams.length ? '/select_team' : '/create_team'} replace />;
}
