import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { createTeam } from '../actions/teams.ts';
import { errorMessage } from '../client.ts';
import { useAppState } from '../store/state.ts';
import { useT } from '../i18n/index.ts';
import { AuthForm, AuthLayout } from './AuthLayout.tsx';

/** Team URLs follow Mattermost's rules: lowercase letters, digits and dashes, 2–64 long, starting with a letter. */
export function teamNameFrom(displayName: string): string {
  return displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/æ/gi, 'ae')
    .replace(/ø/gi, 'o')
    .replace(/å/gi, 'a')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

export function CreateTeamPage() {
  const t = useT();
  const [, navigate] = useLocation();
  const firstRun = useAppState((s) => s.myTeamIds.length === 0);
  const [displayName, setDisplayName] = useState('');
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const handle = nameTouched ? name : teamNameFrom(displayName);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const team = await createTeam(displayName.trim(), handle);
      navigate(`/${team.name}/channels/town-square`, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('createTeam.title')}>
      {firstRun && <p>{t('createTeam.firstRun')}</p>}
      <AuthForm onSubmit={submit} error={error} busy={busy} submitLabel={t('createTeam.submit')}>
        <label>
          {t('createTeam.displayName')}
          <input name="displayName" required autoFocus maxLength={64} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label>
          {t('createTeam.name')}
          <span className="input-prefix">
            <span aria-hidden="true">{window.location.host}/</span>
            <input
              name="name"
              required
              pattern="[a-z0-9][a-z0-9\-]{1,63}"
              value={handle}
              onChange={(e) => {
                setNameTouched(true);
                setName(e.target.value.toLowerCase());
              }}
            />
          </span>
        </label>
      </AuthForm>
    </AuthLayout>
  );
}
