import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../../i18n/index.ts';
import './sidebar.css';

/**
 * A modal dialog on the native <dialog>: the browser keeps focus inside and makes the page behind inert; Esc and a
 * click on the backdrop close it, and focus goes back to what had it before (or to `returnFocus`).
 */
export function Dialog({ title, onClose, children, className = '', returnFocus, wide }: { title: string; onClose: () => void; children: ReactNode; className?: string; returnFocus?: () => HTMLElement | null | undefined; wide?: boolean }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  // Set while unmounting: the native close event that dialog.close() fires then must not call onClose again.
  const closing = useRef(false);
  close.current = () => {
    if (!closing.current) onClose();
  };
  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    // showModal() focuses the first focusable element (the close button); the first field is more useful.
    dialog.querySelector<HTMLElement>('.modal-body input:not([type=radio]), .modal-body textarea, .modal-body button')?.focus();
    return () => {
      closing.current = true;
      dialog.close();
      const target = returnFocus?.() ?? (opener?.isConnected ? opener : null);
      target?.focus();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal${wide ? ' modal-wide' : ''} ${className}`}
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.defaultPrevented) return;
        e.preventDefault();
        close.current();
      }}
      onCancel={(e) => {
        e.preventDefault();
        close.current();
      }}
      // However the browser closes it, the app follows.
      onClose={() => close.current()}
      onMouseDown={(e) => {
        if (e.target === ref.current) close.current();
      }}
    >
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-btn modal-x" aria-label={t('common.close')} onClick={() => close.current()}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
