import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorMessage } from '../../client.ts';
import { openDirect } from '../../actions/sidebar.ts';
import { displayName, receiveUsers } from '../../actions/users.ts';
import { store, useAppState } from '../../store/state.ts';
import { useT } from '../../i18n/index.ts';
import { Avatar } from '../common/Avatar.tsx';
import { Dialog } from '../common/Dialog.tsx';
import { channelPath } from './Sidebar.tsx';
import { FormError } from '../common/FormError.tsx';

const MAX_GROUP = 7; // Mattermost: a group message has at most 8 people, you included.

/** Start a direct message with one person or a group message with several: search, pick, Go. */
export function DirectMessageDialog({ team, onClose }: { team: Team; onClose: () => void }) {
  const t = useT();
  const [, navigate] = useLocation();
  const me = useAppState((s) => s.me!);
  const [term, setTerm] = useState('');
  const [results, setResults] = useState<UserProfile[] | null>(null);
  const [picked, setPicked] = useState<UserProfile[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(
      () => {
        const q = term.trim();
        const load = q ? client.autocompleteUsers(q, team.id, '', { limit: 40 }).then((r) => [...r.users, ...(r.out_of_channel ?? [])]) : client.getProfilesInTeam(team.id, 0, 60);
        void load
          .then((users) => {
            if (!live) return;
            receiveUsers(users);
            void client.getStatusesByIds(users.map((u) => u.id)).then((st) => store.update((s) => ({ statuses: { ...s.statuses, ...Object.fromEntries(st.map((x) => [x.user_id, x.status])) } }))).catch(() => undefined);
            setResults(users.filter((u) => u.id !== me.id && u.delete_at === 0).sort((a, b) => a.username.localeCompare(b.username)));
            setActive(0);
          })
          .catch((err) => live && setError(errorMessage(err)));
      },
      term ? 150 : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [term, team.id, me.id]);

  const toggle = (u: UserProfile) => {
    setPicked((p) => (p.some((x) => x.id === u.id) ? p.filter((x) => x.id !== u.id) : p.length >= MAX_GROUP ? p : [...p, u]));
  };

  const go = async () => {
    if (picked.length === 0) return;
    setBusy(true);
    try {
      const channel = await openDirect(picked.map((u) => u.id));
      onClose();
      navigate(`~${channelPath(store.get(), team.name, channel)}`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  const list = results ?? [];
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, list.length - 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Enter') {
      if (list[active] && !(e.ctrlKey || e.metaKey)) toggle(list[active]!);
      else void go();
    } else if (e.key === 'Backspace' && term === '' && picked.length > 0) setPicked((p) => p.slice(0, -1));
    else return;
    e.preventDefault();
  };

  return (
    <Dialog title={t('direct.title')} onClose={onClose} size="wide">
      <div className="modal-body direct">
        <p className="form-help" id="direct-help">
          {t('direct.help', { max: MAX_GROUP })}
        </p>
        {picked.length > 0 && (
          <ul className="chips" aria-label={t('direct.picked')}>
            {picked.map((u) => (
              <li key={u.id} className="chip">
                {u.username}
                <button type="button" className="chip-x" aria-label={t('direct.remove', { name: u.username })} onClick={() => toggle(u)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          className="input"
          autoFocus
          role="combobox"
          aria-expanded="true"
          aria-controls="direct-list"
          aria-activedescendant={list[active] ? `direct-${list[active]!.id}` : undefined}
          aria-describedby="direct-help"
          aria-label={t('direct.search')}
          placeholder={t('direct.search')}
          value={term}
          onChange={(e) => setTerm(e.target.value)}
          onKeyDown={onKey}
        />
        <FormError message={error} />
        <ul className="pick-list" id="direct-list" role="listbox" aria-multiselectable="true" aria-label={t('direct.people')}>
          {results !== null && list.length === 0 && <li className="muted-text">{t('direct.noMatch')}</li>}
          {list.map((u, i) => {
            const selected = picked.some((x) => x.id === u.id);
            return (
              <li
                key={u.id}
                id={`direct-${u.id}`}
                role="option"
                aria-selected={selected}
                className={`pick-row${i === active ? ' active' : ''}${selected ? ' selected' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  setActive(i);
                  toggle(u);
                }}
              >
                <Avatar userId={u.id} size={28} />
                <span className="pick-name">
                  <strong>{u.username}</strong>
                  {displayName(u) !== u.username && <span> {displayName(u)}</span>}
                </span>
                <span className="pick-check" aria-hidden="true">
                  {selected ? '✓' : ''}
                </span>
              </li>
            );
          })}
        </ul>
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" disabled={picked.length === 0 || busy} onClick={() => void go()}>
            {picked.length > 1 ? t('direct.goGroup', { count: picked.length }) : t('direct.go')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
