import { useEffect, useState } from 'react';
import type { Team } from '@mattermost/types/teams';
import { client, errorMessage } from '../../client.ts';
import { useT } from '../../i18n/index.ts';
import { FormError } from '../../components/common/FormError.tsx';

const PER_PAGE = 100;

/** Teams: every team on the server, archive and restore. */
export function TeamsPage() {
  const t = useT();
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [page, setPage] = useState(0);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client
      .getTeams(page, PER_PAGE, false)
      .then((list) => {
        if (!live) return;
        // Keep the teams archived here on screen, so they can be restored.
        setTeams((prev) => {
          const archived = (prev ?? []).filter((p) => p.delete_at !== 0 && !(list as Team[]).some((x) => x.id === p.id));
          return [...(list as Team[]), ...archived];
        });
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [page]);

  const run = async (team: Team, archive: boolean) => {
    setBusy(team.id);
    setError('');
    setConfirming(null);
    try {
      if (archive) await client.deleteTeam(team.id);
      else await client.unarchiveTeam(team.id);
      setTeams((list) => list?.map((x) => (x.id === team.id ? { ...x, delete_at: archive ? Date.now() : 0 } : x)) ?? null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="admin-teams-title" className="admin-section">
      <div className="admin-section-head">
        <h1 id="admin-teams-title">{t('admin.nav.teams')}</h1>
      </div>
      <FormError message={error} className="admin-error" />
      {teams === null ? (
        <p className="acct-muted" role="status">
          {t('common.loading')}
        </p>
      ) : teams.length === 0 ? (
        <p className="acct-muted">{t('admin.teams.none')}</p>
      ) : (
        <ul className="admin-list" aria-label={t('admin.nav.teams')}>
          {teams.map((team) => {
            const archived = team.delete_at !== 0;
            return (
              <li key={team.id} className={`admin-row${archived ? ' inactive' : ''}`} aria-label={team.display_name}>
                <span className="admin-team-icon" aria-hidden="true">
                  {team.display_name.slice(0, 2)}
                </span>
                <div className="admin-row-main">
                  <strong>{team.display_name}</strong>
                  <div className="acct-muted acct-small">/{team.name}</div>
                  <div className="admin-badges">
                    <span className="admin-badge">{team.type === 'O' ? t('admin.teams.open') : t('admin.teams.inviteOnly')}</span>
                    {archived && <span className="admin-badge danger">{t('admin.teams.archived')}</span>}
                  </div>
                </div>
                <div className="admin-row-actions">
                  {confirming === team.id ? (
                    <>
                      <span className="acct-small">{t('admin.teams.confirmArchive', { team: team.display_name })}</span>
                      <button type="button" className="btn btn-danger" autoFocus onClick={() => void run(team, true)}>
                        {t('admin.teams.archiveConfirm')}
                      </button>
                      <button type="button" className="btn btn-secondary" onClick={() => setConfirming(null)}>
                        {t('common.cancel')}
                      </button>
                    </>
                  ) : archived ? (
                    <button type="button" className="btn btn-secondary" disabled={busy === team.id} aria-label={t('admin.teams.restoreNamed', { team: team.display_name })} onClick={() => void run(team, false)}>
                      {t('admin.teams.restore')}
                    </button>
                  ) : (
                    <button type="button" className="btn acct-btn-danger-outline" disabled={busy === team.id} aria-label={t('admin.teams.archiveNamed', { team: team.display_name })} onClick={() => setConfirming(team.id)}>
                      {t('admin.teams.archive')}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {(page > 0 || (teams?.length ?? 0) >= PER_PAGE) && (
        <nav className="admin-pager" aria-label={t('admin.pager')}>
          <button type="button" className="btn btn-secondary" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            {t('admin.previous')}
          </button>
          <span>{t('admin.page', { page: page + 1 })}</span>
          <button type="button" className="btn btn-secondary" disabled={(teams?.length ?? 0) < PER_PAGE} onClick={() => setPage((p) => p + 1)}>
            {t('admin.next')}
          </button>
        </nav>
      )}
    </section>
  );
}
