import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorMessage } from '../client.ts';
import { login } from '../actions/session.ts';
import { useAppState } from '../store/state.ts';
import { useT } from '../i18n/index.ts';
import { AuthForm, AuthLayout } from './AuthLayout.tsx';

export function SignupPage() {
  const t = useT();
  const [, navigate] = useLocation();
  const inviteId = new URLSearchParams(window.location.search).get('id') ?? '';
  const allowed = useAppState((s) => s.config.EnableOpenServer === 'true' && s.config.EnableSignUpWithEmail !== 'false') || inviteId !== '';
  const [fields, setFields] = useState({ email: '', username: '', password: '' });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await client.createUser({ email: fields.email.trim(), username: fields.username.trim().toLowerCase(), password: fields.password } as UserProfile, '', inviteId);
      await login(fields.username.trim().toLowerCase(), fields.password);
      navigate('/', { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('signup.title')}>
      {allowed ? (
        <AuthForm onSubmit={submit} error={error} busy={busy} submitLabel={t('signup.submit')}>
          <label>
            {t('signup.email')}
            <input name="email" type="email" autoComplete="email" required autoFocus value={fields.email} onChange={set('email')} />
          </label>
          <label>
            {t('signup.username')}
            <input name="username" autoComplete="username" required pattern="[A-Za-z][A-Za-z0-9._\-]{2,21}" value={fields.username} onChange={set('username')} />
          </label>
          <label>
            {t('signup.password')}
            <input name="password" type="password" autoComplete="new-password" required value={fields.password} onChange={set('password')} />
          </label>
        </AuthForm>
      ) : (
        <p role="alert">{t('signup.disabled')}</p>
      )}
      <p className="auth-switch">
        {t('signup.haveAccount')} <Link href="/login">{t('signup.loginLink')}</Link>
      </p>
    </AuthLayout>
  );
}
