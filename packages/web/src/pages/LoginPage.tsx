import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { login } from '../actions/session.ts';
import { errorMessage } from '../client.ts';
import { useAppState } from '../store/state.ts';
import { useT } from '../i18n/index.ts';
import { AuthForm, AuthLayout } from './AuthLayout.tsx';

/** Only same-site paths: `redirect_to=//evil.example` or `https://…` would send the user away after login. */
export function safeRedirect(target: string | null): string {
  return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : '/';
}

export function LoginPage() {
  const t = useT();
  const [, navigate] = useLocation();
  const site = useAppState((s) => s.config.SiteName) || t('app.name');
  const openServer = useAppState((s) => s.config.EnableOpenServer === 'true' && s.config.EnableSignUpWithEmail !== 'false');
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      // Read before logging in: once signed in, the app itself leaves /login for the same place.
      const target = safeRedirect(new URLSearchParams(window.location.search).get('redirect_to'));
      await login(loginId.trim(), password);
      navigate(target, { replace: true });
    } catch (err) {
      setError(t('login.failed', { message: errorMessage(err) }));
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('login.title', { site })}>
      <AuthForm onSubmit={submit} error={error} busy={busy} submitLabel={t('login.submit')}>
        <label>
          {t('login.loginId')}
          <input name="loginId" autoComplete="username" autoFocus required value={loginId} onChange={(e) => setLoginId(e.target.value)} />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
      </AuthForm>
      {openServer && (
        <p className="auth-switch">
          {t('login.noAccount')} <Link href="/signup_user_complete">{t('login.signupLink')}</Link>
        </p>
      )}
    </AuthLayout>
  );
}
