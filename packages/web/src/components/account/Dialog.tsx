import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../../i18n/index.ts';
import './account.css';

/**
 * A modal dialog on the native <dialog>: showModal() makes the page behind it inert (focus stays inside), Esc
 * closes it, and focus goes back to `returnFocus` (the element that opened it) when it closes.
 */
export function Dialog({
  title,
  onClose,
  returnFocus,
  children,
  className = '',
}: {
  title: string;
  onClose: () => void;
  returnFocus?: HTMLElement | null;
  children: ReactNode;
  className?: string;
}) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      returnFocus?.focus();
    };
    // returnFocus is read once: the opener does not change while the dialog is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <dialog ref={ref} className={`acct-dialog ${className}`} aria-labelledby={titleId}>
      <header className="acct-dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-btn acct-dialog-close" aria-label={t('common.close')} onClick={onClose}>
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <div className="acct-dialog-body">{children}</div>
    </dialog>
  );
}
