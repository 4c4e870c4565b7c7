import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from '../../i18n/index.ts';
import './composer.css';

/**
 * A confirmation as a modal <dialog>: the browser traps focus in it and keeps it above everything; Esc and the
 * backdrop cancel; focus starts on Cancel (the safe choice) and returns where it was when it closes.
 */
export function ConfirmDialog(props: { title: string; children: ReactNode; confirmLabel: string; onConfirm: () => void; onCancel: () => void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const el = ref.current;
    const previous = document.activeElement as HTMLElement | null;
    if (el && !el.open) el.showModal();
    cancelRef.current?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="composer-dialog"
      role="alertdialog"
      aria-labelledby="composer-dialog-title"
      aria-describedby="composer-dialog-body"
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
      onKeyDown={(e) => e.stopPropagation()}
      onClick={(e) => {
        if (e.target === e.currentTarget) props.onCancel();
      }}
    >
      <h2 id="composer-dialog-title">{props.title}</h2>
      <div id="composer-dialog-body">{props.children}</div>
      <div className="composer-dialog-actions">
        <button ref={cancelRef} type="button" className="btn btn-secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
