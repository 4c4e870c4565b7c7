import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import type { Team } from '@mattermost/types/teams';
import { errorMessage } from '../../client.ts';
import { createChannel } from '../../actions/sidebar.ts';
import { useT, type MessageKey } from '../../i18n/index.ts';
import { Dialog } from '../common/Dialog.tsx';
import { channelHandle, handleProblem } from './sidebar-model.ts';
import { FormError } from '../common/FormError.tsx';

/**
 * New channel: a display name, the handle (URL) derived from it by Mattermost's rules until the user edits it,
 * public or private, and a purpose. The server's refusals are shown beside the field they concern.
 */
export function CreateChannelDialog({ team, initialType = 'O', onClose }: { team: Team; initialType?: 'O' | 'P'; onClose: () => void }) {
  const t = useT();
  const [, navigate] = useLocation();
  const [displayName, setDisplayName] = useState('');
  const [handle, setHandle] = useState('');
  const [handleEdited, setHandleEdited] = useState(false);
  const [type, setType] = useState<'O' | 'P'>(initialType);
  const [purpose, setPurpose] = useState('');
  const [touched, setTouched] = useState(false);
  const [serverError, setServerError] = useState<{ field: 'name' | 'handle' | 'form'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const name = handleEdited ? handle : channelHandle(displayName);
  const problem = handleProblem(name);
  const nameError = touched && !displayName.trim() ? t('createChannel.nameRequired') : serverError?.field === 'name' ? serverError.message : '';
  const handleError = touched && displayName.trim() && problem ? t(`createChannel.handle.${problem}` as MessageKey) : serverError?.field === 'handle' ? serverError.message : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    setServerError(null);
    if (!displayName.trim() || problem) return;
    setBusy(true);
    try {
      const channel = await createChannel(team.id, displayName.trim(), name, type, purpose.trim());
      onClose();
      navigate(`~/${team.name}/channels/${channel.name}`);
    } catch (err) {
      const id = String((err as { server_error_id?: string }).server_error_id ?? '');
      const field = id.includes('display_name') ? 'name' : /save_channel|is_valid\.(name|2_or_more)/.test(id) ? 'handle' : 'form';
      const message = id.endsWith('exists.app_error') ? t('createChannel.exists') : id.endsWith('previously.app_error') ? t('createChannel.archivedExists') : errorMessage(err);
      setServerError({ field, message });
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('createChannel.title')} onClose={onClose}>
      <form className="form modal-body" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          {t('createChannel.name')}
          <input
            autoFocus
            value={displayName}
            maxLength={64}
            placeholder={t('createChannel.namePlaceholder')}
            onChange={(e) => setDisplayName(e.target.value)}
            aria-invalid={Boolean(nameError)}
            aria-describedby={nameError ? 'cc-name-error' : undefined}
          />
        </label>
        {nameError && (
          <p className="form-error" id="cc-name-error" role="alert">
            {nameError}
          </p>
        )}
        <label>
          {t('createChannel.handle')}
          <span className="input-prefix">
            <span aria-hidden="true">/{team.name}/channels/</span>
            <input
              value={name}
              maxLength={64}
              spellCheck={false}
              onChange={(e) => {
                setHandleEdited(true);
                setHandle(e.target.value);
              }}
              aria-invalid={Boolean(handleError)}
              aria-describedby={handleError ? 'cc-handle-error' : 'cc-handle-help'}
            />
          </span>
        </label>
        {handleError ? (
          <p className="form-error" id="cc-handle-error" role="alert">
            {handleError}
          </p>
        ) : (
          <p className="form-help" id="cc-handle-help">
            {t('createChannel.handleHelp')}
          </p>
        )}
        <fieldset className="radio-cards">
          <legend>{t('createChannel.type')}</legend>
          <label className={type === 'O' ? 'checked' : ''}>
            <input type="radio" name="type" value="O" checked={type === 'O'} onChange={() => setType('O')} />
            <span>
              <strong>{t('createChannel.public')}</strong>
              <span>{t('createChannel.publicHelp')}</span>
            </span>
          </label>
          <label className={type === 'P' ? 'checked' : ''}>
            <input type="radio" name="type" value="P" checked={type === 'P'} onChange={() => setType('P')} />
            <span>
              <strong>{t('createChannel.private')}</strong>
              <span>{t('createChannel.privateHelp')}</span>
            </span>
          </label>
        </fieldset>
        <label>
          {t('createChannel.purpose')}
          <input value={purpose} maxLength={250} onChange={(e) => setPurpose(e.target.value)} />
        </label>
        <FormError message={serverError?.field === 'form' && serverError.message} />
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('createChannel.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
