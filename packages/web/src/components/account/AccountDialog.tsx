import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { client, errorMessage } from '../../client.ts';
import { useAppState } from '../../store/state.ts';
import { avatarUrl } from '../../actions/users.ts';
import { canUseAccessTokens, patchMyProfile, refreshMe } from '../../actions/account.ts';
import { useT } from '../../i18n/index.ts';
import { Dialog } from '../common/Dialog.tsx';
import { AccessTokens } from './AccessTokens.tsx';
import { FormError } from '../common/FormError.tsx';

type Tab = 'profile' | 'security';

/** Profile and Security settings in one dialog with two tabs, as Mattermost's "Profile" modal has. */
export default function AccountDialog({ initialTab, onClose, returnFocus }: { initialTab: Tab; onClose: () => void; returnFocus?: () => HTMLElement | null | undefined }) {
  const t = useT();
  const [tab, setTab] = useState<Tab>(initialTab);
  const tabs: Tab[] = ['profile', 'security'];
  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const next = tabs[(tabs.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : -1) + tabs.length) % tabs.length];
    setTab(next);
    document.getElementById(`account-tab-${next}`)?.focus();
  };
  return (
    <Dialog title={t('account.dialog.title')} onClose={onClose} returnFocus={returnFocus} size="large" className="account-dialog">
      <div role="tablist" aria-label={t('account.dialog.title')} className="acct-tabs" onKeyDown={onTabKey}>
        {tabs.map((id) => (
          <button
            key={id}
            id={`account-tab-${id}`}
            type="button"
            role="tab"
            aria-selected={tab === id}
            aria-controls={`account-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            data-autofocus={id === initialTab || undefined}
            className="acct-tab"
            onClick={() => setTab(id)}
          >
            {t(`account.tab.${id}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`account-panel-${tab}`} aria-labelledby={`account-tab-${tab}`} className="acct-tab-panel">
        {tab === 'profile' ? <ProfilePanel /> : <SecurityPanel />}
      </div>
    </Dialog>
  );
}

function ProfilePanel() {
  const t = useT();
  const me = useAppState((s) => s.me)!;
  const [fields, setFields] = useState({ first_name: me.first_name, last_name: me.last_name, nickname: me.nickname, username: me.username, email: me.email });
  const [state, setState] = useState<{ busy: boolean; error: string; saved: boolean }>({ busy: false, error: '', saved: false });
  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) => {
    setFields((f) => ({ ...f, [k]: e.target.value }));
    setState((s) => ({ ...s, saved: false }));
  };
  const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => fields[k].trim() !== (me[k] ?? ''));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setState({ busy: true, error: '', saved: false });
    try {
      await patchMyProfile(Object.fromEntries(changed.map((k) => [k, fields[k].trim()])));
      setState({ busy: false, error: '', saved: true });
    } catch (err) {
      setState({ busy: false, error: errorMessage(err), saved: false });
    }
  };

  return (
    <>
      <ProfilePicture />
      <form className="form" onSubmit={submit}>
        <div className="acct-form-row">
          <label>
            {t('account.profile.firstName')}
            <input name="first_name" autoComplete="given-name" maxLength={64} value={fields.first_name} onChange={set('first_name')} />
          </label>
          <label>
            {t('account.profile.lastName')}
            <input name="last_name" autoComplete="family-name" maxLength={64} value={fields.last_name} onChange={set('last_name')} />
          </label>
        </div>
        <label>
          {t('account.profile.nickname')}
          <input name="nickname" autoComplete="nickname" maxLength={64} value={fields.nickname} onChange={set('nickname')} />
        </label>
        <label>
          {t('account.profile.username')}
          <input name="username" autoComplete="username" required maxLength={22} value={fields.username} onChange={set('username')} />
        </label>
        <label>
          {t('account.profile.email')}
          <input name="email" type="email" autoComplete="email" required value={fields.email} onChange={set('email')} />
        </label>
        <FormError message={state.error} />
        <div className="acct-form-actions">
          <span role="status" className="acct-form-saved">
            {state.saved ? t('account.saved') : ''}
          </span>
          <button type="submit" className="btn btn-primary" disabled={state.busy || changed.length === 0}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </>
  );
}

function ProfilePicture() {
  const t = useT();
  const me = useAppState((s) => s.me)!;
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const custom = (me.last_picture_update ?? 0) > 0;

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    try {
      await fn();
      await refreshMe();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="profile-picture">
      <img src={avatarUrl(me)} alt={t('account.picture.alt')} width={72} height={72} />
      <div className="profile-picture-actions">
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void run(() => client.uploadProfileImage(me.id, file));
          }}
        />
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => input.current?.click()}>
          {t('account.picture.upload')}
        </button>
        {custom && (
          <button type="button" className="btn btn-link" disabled={busy} onClick={() => void run(() => client.setDefaultProfileImage(me.id))}>
            {t('account.picture.remove')}
          </button>
        )}
        <FormError message={error} />
      </div>
    </div>
  );
}

function SecurityPanel() {
  const t = useT();
  const tokens = useAppState((s) => canUseAccessTokens(s.config as Record<string, unknown>, s.me));
  return (
    <>
      <PasswordForm />
      {tokens && <AccessTokens />}
      {!tokens && <p className="acct-muted">{t('account.tokens.unavailable')}</p>}
    </>
  );
}

function PasswordForm() {
  const t = useT();
  const me = useAppState((s) => s.me)!;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string; saved: boolean }>({ busy: false, error: '', saved: false });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== confirm) {
      setState({ busy: false, error: t('account.password.mismatch'), saved: false });
      return;
    }
    setState({ busy: true, error: '', saved: false });
    try {
      await client.updateUserPassword(me.id, current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      setState({ busy: false, error: '', saved: true });
    } catch (err) {
      setState({ busy: false, error: errorMessage(err), saved: false });
    }
  };

  return (
    <section aria-labelledby="password-heading" className="acct-settings-section">
      <h3 id="password-heading">{t('account.password.title')}</h3>
      <form className="form" onSubmit={submit}>
        <label>
          {t('account.password.current')}
          <input type="password" name="current_password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <label>
          {t('account.password.new')}
          <input type="password" name="new_password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
        <label>
          {t('account.password.confirm')}
          <input type="password" name="confirm_password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </label>
        <FormError message={state.error} />
        <div className="acct-form-actions">
          <span role="status" className="acct-form-saved">
            {state.saved ? t('account.password.changed') : ''}
          </span>
          <button type="submit" className="btn btn-primary" disabled={state.busy}>
            {t('account.password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
