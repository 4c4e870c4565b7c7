import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { UserAccessToken } from '@mattermost/types/users';
import { client, errorMessage } from '../../client.ts';
import { useAppState } from '../../store/state.ts';
import { useT } from '../../i18n/index.ts';
import { FormError } from '../common/FormError.tsx';

/**
 * Security → Personal access tokens: list, create (the secret is shown once, here, and lives only in this
 * component's state until "Done" or the dialog closes), disable/enable, revoke with confirmation.
 */
export function AccessTokens() {
  const t = useT();
  const userId = useAppState((s) => s.me!.id);
  const [tokens, setTokens] = useState<UserAccessToken[] | null>(null);
  const [error, setError] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ id: string; token: string; description: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const secret = useRef<HTMLInputElement>(null);
  const done = useRef<HTMLButtonElement>(null);

  const load = () =>
    client
      .getUserAccessTokensForUser(userId, 0, 200)
      .then(setTokens)
      .catch((err: unknown) => setError(errorMessage(err)));
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId]);

  useEffect(() => {
    if (!created) return;
    secret.current?.closest('.token-created')?.scrollIntoView({ block: 'nearest' });
    secret.current?.select();
  }, [created]);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    try {
      await fn();
      await load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const token = await client.createUserAccessToken(userId, description.trim());
      setCreated({ id: token.id, token: token.token ?? '', description: token.description });
      setCopied(false);
      setDescription('');
    });
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
    } catch {
      // No clipboard permission (plain http, some browsers): copy the selected text the old way.
      secret.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  };

  return (
    <section aria-labelledby="tokens-heading" className="acct-settings-section">
      <h3 id="tokens-heading">{t('account.tokens.title')}</h3>
      <p className="acct-muted">{t('account.tokens.help')}</p>

      {created ? (
        <div className="token-created" role="group" aria-labelledby="token-created-heading">
          <h4 id="token-created-heading">{t('account.tokens.created', { description: created.description })}</h4>
          <p className="token-warning" role="alert">
            {t('account.tokens.once')}
          </p>
          <label className="token-secret-label">
            {t('account.tokens.secret')}
            <span className="token-secret">
              <input ref={secret} readOnly value={created.token} className="input acct-mono" spellCheck={false} onFocus={(e) => e.target.select()} />
              <button type="button" className="btn btn-secondary" onClick={() => void copy()}>
                {copied ? t('account.tokens.copied') : t('account.tokens.copy')}
              </button>
            </span>
          </label>
          <p className="acct-muted acct-small">{t('account.tokens.id', { id: created.id })}</p>
          <button
            ref={done}
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setCreated(null);
              setCopied(false);
            }}
          >
            {t('account.tokens.done')}
          </button>
        </div>
      ) : (
        <form className="form token-form" onSubmit={create}>
          <label>
            {t('account.tokens.description')}
            <input name="description" required maxLength={255} value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <button type="submit" className="btn btn-primary" disabled={busy || description.trim() === ''}>
            {t('account.tokens.create')}
          </button>
        </form>
      )}

      <FormError message={error} />

      {tokens === null ? (
        <p className="acct-muted" role="status">
          {t('common.loading')}
        </p>
      ) : tokens.length === 0 ? (
        <p className="acct-muted">{t('account.tokens.none')}</p>
      ) : (
        <ul className="token-list" aria-label={t('account.tokens.listLabel')}>
          {tokens.map((tok) => (
            <li key={tok.id} className="token-row">
              <div className="token-info">
                <strong>{tok.description}</strong>
                <span className="acct-muted acct-small acct-mono">{t('account.tokens.id', { id: tok.id })}</span>
                <span className={`token-state ${tok.is_active ? 'active' : 'inactive'}`}>{tok.is_active ? t('account.tokens.active') : t('account.tokens.inactive')}</span>
              </div>
              {confirming === tok.id ? (
                <div className="token-actions" role="group" aria-label={t('account.tokens.confirmRevoke', { description: tok.description })}>
                  <span className="token-confirm-text">{t('account.tokens.confirmRevoke', { description: tok.description })}</span>
                  <button
                    type="button"
                    className="btn btn-danger"
                    autoFocus
                    disabled={busy}
                    onClick={() => {
                      setConfirming(null);
                      void run(() => client.revokeUserAccessToken(tok.id));
                    }}
                  >
                    {t('account.tokens.revokeConfirm')}
                  </button>
                  <button type="button" className="btn btn-secondary" onClick={() => setConfirming(null)}>
                    {t('common.cancel')}
                  </button>
                </div>
              ) : (
                <div className="token-actions">
                  <button
                    type="button"
                    className="btn btn-secondary"
                    disabled={busy}
                    aria-label={tok.is_active ? t('account.tokens.disableNamed', { description: tok.description }) : t('account.tokens.enableNamed', { description: tok.description })}
                    onClick={() => void run(() => (tok.is_active ? client.disableUserAccessToken(tok.id) : client.enableUserAccessToken(tok.id)))}
                  >
                    {tok.is_active ? t('account.tokens.disable') : t('account.tokens.enable')}
                  </button>
                  <button
                    type="button"
                    className="btn acct-btn-danger-outline"
                    disabled={busy}
                    aria-label={t('account.tokens.revokeNamed', { description: tok.description })}
                    onClick={() => setConfirming(tok.id)}
                  >
                    {t('account.tokens.revoke')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
