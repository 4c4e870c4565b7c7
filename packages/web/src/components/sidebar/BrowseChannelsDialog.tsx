import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import type { Team } from '@mattermost/types/teams';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { client, errorMessage } from '../../client.ts';
import { joinChannel } from '../../actions/channels.ts';
import { useAppState } from '../../store/state.ts';
import { useT } from '../../i18n/index.ts';
import { Dialog } from '../common/Dialog.tsx';
import { fuzzyScore } from './sidebar-model.ts';
import { arrowFocus } from './list-keys.ts';
import { openDialog } from './ui-state.ts';
import { HashIcon } from './icons.tsx';
import { FormError } from '../common/FormError.tsx';

/** The team's public channels the user has not joined, with a search and a Join button each. */
export function BrowseChannelsDialog({ team, onClose }: { team: Team; onClose: () => void }) {
  const t = useT();
  const [, navigate] = useLocation();
  const [all, setAll] = useState<Channel[] | null>(null);
  const [term, setTerm] = useState('');
  const [error, setError] = useState('');
  const joined = useAppState((s) => Object.keys(s.myMembers).join(','));

  useEffect(() => {
    void client
      .getChannels(team.id, 0, 200)
      .then(setAll)
      .catch((err) => setError(errorMessage(err)));
  }, [team.id]);

  const shown = useMemo(() => {
    const mine = new Set(joined.split(','));
    const open = (all ?? []).filter((c) => !mine.has(c.id) && c.delete_at === 0);
    if (!term.trim()) return open.sort((a, b) => a.display_name.localeCompare(b.display_name));
    return open
      .map((c) => ({ c, score: Math.max(fuzzyScore(term, c.display_name) ?? -1, (fuzzyScore(term, c.name) ?? -1) - 1, c.purpose.toLowerCase().includes(term.toLowerCase()) ? 0 : -1) }))
      .filter((x) => x.score >= 0)
      .sort((a, b) => b.score - a.score)
      .map((x) => x.c);
  }, [all, joined, term]);

  const join = async (channel: Channel) => {
    try {
      await joinChannel(channel);
      onClose();
      navigate(`~/${team.name}/channels/${channel.name}`);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Dialog title={t('browse.title')} onClose={onClose} size="wide">
      <div className="modal-body browse">
        <div className="browse-top">
          <input
            className="input"
            type="search"
            autoFocus
            value={term}
            onChange={(e) => setTerm(e.target.value)}
            placeholder={t('browse.search')}
            aria-label={t('browse.search')}
            aria-controls="browse-list"
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                document.querySelector<HTMLElement>('#browse-list button')?.focus();
              }
            }}
          />
          <button type="button" className="btn btn-secondary" onClick={() => openDialog({ kind: 'create' })}>
            {t('sidebar.createChannel')}
          </button>
        </div>
        <FormError message={error} />
        {all === null ? (
          <p className="muted-text" role="status">
            {t('common.loading')}
          </p>
        ) : shown.length === 0 ? (
          <p className="muted-text" role="status">
            {term ? t('browse.noMatch', { term }) : t('browse.none')}
          </p>
        ) : (
          <ul className="browse-list" id="browse-list" aria-label={t('browse.listLabel')} onKeyDown={arrowFocus('button')}>
            {shown.map((c) => (
              <li key={c.id} className="browse-row">
                <HashIcon />
                <div className="browse-text">
                  <span className="browse-name">{c.display_name}</span>
                  {c.purpose && <span className="browse-purpose">{c.purpose}</span>}
                </div>
                <button type="button" className="btn btn-secondary" aria-label={t('browse.joinNamed', { channel: c.display_name })} onClick={() => void join(c)}>
                  {t('browse.join')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
