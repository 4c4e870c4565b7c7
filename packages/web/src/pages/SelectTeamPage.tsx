import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { Team } from '@mattermost/types/teams';
import { client, errorMessage } from '../client.ts';
import { joinTeam } from '../actions/teams.ts';
import { useAppState } from '../store/state.ts';
import { useT } from '../i18n/index.ts';
import { AuthLayout } from './AuthLayout.tsx';
import { FormError } from '../components/common/FormError.tsx';

export function SelectTeamPage() {
  const t = useT();
  const [, navigate] = useLocation();
  const mine = useAppState((s) => s.myTeamIds.map((id) => s.teams[id]!));
  const [joinable, setJoinable] = useState<Team[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    void client.getTeams(0, 200).then((teams) => {
      const list = Array.isArray(teams) ? teams : teams.teams;
      setJoinable(list.filter((team) => team.allow_open_invite && !mine.some((m) => m.id === team.id)));
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mine.length]);

  const join = async (team: Team) => {
    try {
      await joinTeam(team);
      navigate(`/${team.name}/channels/town-square`);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <AuthLayout title={t('selectTeam.title')}>
      {mine.length === 0 && <p>{t('selectTeam.none')}</p>}
      <ul className="team-list">
        {mine.map((team) => (
          <li key={team.id}>
            <Link href={`/${team.name}/channels/town-square`}>{team.display_name}</Link>
          </li>
        ))}
      </ul>
      {joinable.length > 0 && (
        <>
          <h2>{t('selectTeam.join')}</h2>
          <ul className="team-list">
            {joinable.map((team) => (
              <li key={team.id}>
                <button type="button" className="btn btn-link" onClick={() => void join(team)}>
                  {team.display_name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <FormError message={error} />
      <Link href="/create_team" className="btn btn-secondary">
        {t('selectTeam.create')}
      </Link>
    </AuthLayout>
  );
}
