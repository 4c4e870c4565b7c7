import { useState } from 'react';
import { client, errorMessage } from '../../client.ts';
import { useT } from '../../i18n/index.ts';
import { FormError } from '../../components/common/FormError.tsx';

/**
 * Mattermost's "Purge All Caches" (on its Web Server page): every server forgets the sessions, permission checks,
 * channel pages and channel members it keeps in memory, and reads them from the database again. For changes an
 * administrator made in the database by hand, which the servers were never told of.
 */
export function PurgeCaches() {
  const t = useT();
  const [status, setStatus] = useState({ busy: false, done: false, error: '' });

  const purge = async () => {
    setStatus({ busy: true, done: false, error: '' });
    try {
      await client.invalidateCaches();
      setStatus({ busy: false, done: true, error: '' });
    } catch (err) {
      setStatus({ busy: false, done: false, error: errorMessage(err) });
    }
  };

  return (
    <section className="admin-section admin-action" aria-labelledby="admin-purge-title">
      <h2 id="admin-purge-title">{t('admin.purge.title')}</h2>
      <p className="admin-help">{t('admin.purge.help')}</p>
      <div className="admin-save">
        <button type="button" className="btn btn-secondary" disabled={status.busy} onClick={() => void purge()}>
          {t('admin.purge.button')}
        </button>
        <span role="status" className="acct-form-saved">
          {status.done ? t('admin.purge.done') : ''}
        </span>
      </div>
      <FormError message={status.error} className="admin-error" />
    </section>
  );
}
