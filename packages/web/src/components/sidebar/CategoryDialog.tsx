import { useState } from 'react';
import type { Team } from '@mattermost/types/teams';
import { errorMessage } from '../../client.ts';
import { store } from '../../store/state.ts';
import { createCategory, renameCategory } from '../../actions/sidebar.ts';
import { useT } from '../../i18n/index.ts';
import { Dialog } from '../common/Dialog.tsx';

/** Creates a custom category (optionally moving a channel into it), or renames one. */
export function CategoryDialog({ team, channelId, categoryId, name: initial = '', onClose }: { team: Team; channelId?: string; categoryId?: string; name?: string; onClose: () => void }) {
  const t = useT();
  const [name, setName] = useState(initial);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError(t('category.required'));
    setBusy(true);
    try {
      const existing = categoryId ? store.get().categories[team.id]?.categories.find((c) => c.id === categoryId) : undefined;
      if (existing) await renameCategory(team.id, existing, trimmed);
      else await createCategory(team.id, trimmed, channelId ? [channelId] : []);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={categoryId ? t('category.renameTitle') : t('category.createTitle')} onClose={onClose}>
      <form className="form modal-body" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          {t('category.name')}
          <input autoFocus value={name} maxLength={64} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(error)} aria-describedby={error ? 'category-error' : undefined} />
        </label>
        {error && (
          <p className="form-error" id="category-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {categoryId ? t('common.save') : t('category.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
