import { useId, type ReactNode } from 'react';
import { useT } from '../../i18n/index.ts';
import { Dialog } from './Dialog.tsx';

/**
 * A question before doing something (an alertdialog): the text, Cancel and the action. Esc and the backdrop cancel;
 * focus starts on Cancel, the safe choice.
 */
export function ConfirmDialog(props: { title: string; children: ReactNode; confirmLabel: string; danger?: boolean; onConfirm: () => void; onCancel: () => void }) {
  const t = useT();
  const textId = useId();
  return (
    <Dialog title={props.title} closeButton={false} role="alertdialog" describedBy={textId} size="small" onClose={props.onCancel}>
      <div className="modal-body">
        <div id={textId} className="confirm-text">
          {props.children}
        </div>
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" data-autofocus onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
          <button type="button" className={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`} onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
