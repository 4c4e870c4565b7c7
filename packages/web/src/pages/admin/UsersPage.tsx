import { useEffect, useState } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorMessage } from '../../client.ts';
import { useAppState } from '../../store/state.ts';
import { avatarUrl } from '../../actions/users.ts';
import { useT } from '../../i18n/index.ts';
import { FormError } from '../../components/common/FormError.tsx';

const PER_PAGE = 50;

/** Users: a paged list with search; activate/deactivate, system admin on/off, personal access tokens on/off. */
export function UsersPage() {
  const t = useT();
  const myId = useAppState((s) => s.me?.id);
  const [term, setTerm] = useState('');
  const [page, setPage] = useState(0);
  const [users, setUsers] = useState<UserProfile[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const q = term.trim();
    // Typing waits a moment before searching; paging is immediate.
    const timer = setTimeout(
      () => {
        const request = q ? client.searchUsers(q, { allow_inactive: true, limit: PER_PAGE }) : client.getProfiles(page, PER_PAGE, { sort: '' });
        request
          .then((list) => live && (setUsers(list), setError('')))
          .catch((err: unknown) => live && setError(errorMessage(err)));
      },
      q ? 250 : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [term, page]);

  const update = async (user: UserProfile, fn: () => Promise<unknown>) => {
    setBusy(user.id);
    setError('');
    try {
      await fn();
      const fresh = await client.getUser(user.id);
      setUsers((list) => list?.map((u) => (u.id === fresh.id ? fresh : u)) ?? null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const setRole = (user: UserProfile, role: string, on: boolean) => {
    const roles = new Set(user.roles.split(' ').filter(Boolean));
    roles.add('system_user');
    if (on) roles.add(role);
    else roles.delete(role);
    return update(user, () => client.updateUserRoles(user.id, [...roles].join(' ')));
  };

  return (
    <section aria-labelledby="admin-users-title" className="admin-section">
      <div className="admin-section-head">
        <h1 id="admin-users-title">{t('admin.nav.users')}</h1>
      </div>
      <label className="admin-search">
        <span className="visually-hidden">{t('admin.users.search')}</span>
        <input
          type="search"
          className="input"
          placeholder={t('admin.users.search')}
          value={term}
          onChange={(e) => {
            setTerm(e.target.value);
            setPage(0);
          }}
        />
      </label>
      <FormError message={error} className="admin-error" />
      {users === null ? (
        <p className="acct-muted" role="status">
          {t('common.loading')}
        </p>
      ) : users.length === 0 ? (
        <p className="acct-muted">{t('admin.users.none')}</p>
      ) : (
        <ul className="admin-list" aria-label={t('admin.nav.users')}>
          {users.map((u) => {
            const roles = u.roles.split(' ');
            const admin = roles.includes('system_admin');
            const tokens = roles.includes('system_user_access_token');
            const active = u.delete_at === 0;
            const self = u.id === myId;
            const full = [u.first_name, u.last_name].filter(Boolean).join(' ');
            return (
              <li key={u.id} className={`admin-row${active ? '' : ' inactive'}`} aria-label={u.username}>
                <img src={avatarUrl(u)} alt="" width={36} height={36} className="admin-avatar" loading="lazy" />
                <div className="admin-row-main">
                  <strong>@{u.username}</strong>
                  {full && <span> · {full}</span>}
                  <div className="acct-muted acct-small">{u.email}</div>
                  <div className="admin-badges">
                    {admin && <span className="admin-badge">{t('admin.users.systemAdmin')}</span>}
                    {tokens && !admin && <span className="admin-badge">{t('admin.users.tokensAllowed')}</span>}
                    {!active && <span className="admin-badge danger">{t('admin.users.deactivated')}</span>}
                  </div>
                </div>
                <div className="admin-row-actions">
                  <button
                    type="button"
                    className={`btn ${active ? 'acct-btn-danger-outline' : 'btn-secondary'}`}
                    disabled={busy === u.id || self}
                    aria-label={active ? t('admin.users.deactivateNamed', { username: u.username }) : t('admin.users.activateNamed', { username: u.username })}
                    onClick={() => void update(u, () => client.updateUserActive(u.id, !active))}
                  >
                    {active ? t('admin.users.deactivate') : t('admin.users.activate')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-secondary"
                    disabled={busy === u.id || self}
                    aria-label={admin ? t('admin.users.demoteNamed', { username: u.username }) : t('admin.users.promoteNamed', { username: u.username })}
                    onClick={() => void setRole(u, 'system_admin', !admin)}
                  >
                    {admin ? t('admin.users.demote') : t('admin.users.promote')}
                  </button>
                  {!admin && (
                    <button
                      type="button"
                      className="btn btn-secondary"
                      disabled={busy === u.id}
                      aria-label={tokens ? t('admin.users.tokensOffNamed', { username: u.username }) : t('admin.users.tokensOnNamed', { username: u.username })}
                      onClick={() => void setRole(u, 'system_user_access_token', !tokens)}
                    >
                      {tokens ? t('admin.users.tokensOff') : t('admin.users.tokensOn')}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {!term.trim() && (
        <nav className="admin-pager" aria-label={t('admin.pager')}>
          <button type="button" className="btn btn-secondary" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            {t('admin.previous')}
          </button>
          <span>{t('admin.page', { page: page + 1 })}</span>
          <button type="button" className="btn btn-secondary" disabled={(users?.length ?? 0) < PER_PAGE} onClick={() => setPage((p) => p + 1)}>
            {t('admin.next')}
          </button>
        </nav>
      )}
    </section>
  );
}
