import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../../i18n/index.ts';
import './dialog.css';

/** Where focus goes when the dialog opens, unless an element is marked `data-autofocus`: the first field. */
const FIRST_FIELD = ['input:not([type=radio]):not([type=hidden]):not([tabindex="-1"])', 'textarea', 'select', 'button:not([tabindex="-1"])']
  .map((s) => `.modal-body ${s}:not(:disabled)`)
  .join(', ');

/**
 * A modal dialog on the native <dialog>: the browser keeps focus inside it, makes the page behind inert and puts it
 * above everything (no clipping by a scrolling list). Esc and a click on the backdrop close it; focus starts on the
 * element marked `data-autofocus`, else the first field of its `.modal-body`, and goes back to `returnFocus()` or to
 * what had it before when it closes.
 *
 * Named by `title` (shown as its heading, with a close button unless `closeButton` is false) or, with no visible
 * title, by `label`. The content brings its own `.modal-body` (and `.modal-actions` for the buttons).
 */
export function Dialog({
  title,
  label,
  onClose,
  children,
  className = '',
  size,
  closeButton = true,
  role = 'dialog',
  describedBy,
  returnFocus,
}: {
  title?: string;
  label?: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  size?: 'small' | 'large' | 'wide' | 'fit';
  closeButton?: boolean;
  role?: 'dialog' | 'alertdialog';
  describedBy?: string;
  returnFocus?: () => HTMLElement | null | undefined;
}) {
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
    closing.current = false;
    if (!dialog.open) dialog.showModal();
    // showModal() focuses the first focusable element (often the close button); the first field is more useful.
    (dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(FIRST_FIELD))?.focus();
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
      className={`modal${size ? ` modal-${size}` : ''} ${className}`}
      role={role === 'dialog' ? undefined : role}
      aria-labelledby={title ? titleId : undefined}
      aria-label={title ? undefined : label}
      aria-describedby={describedBy}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.defaultPrevented) return;
        // Esc closes this dialog only, not also a panel or drawer around the element that opened it.
        e.preventDefault();
        e.stopPropagation();
        close.current();
      }}
      onCancel={(e) => {
        e.preventDefault();
        close.current();
      }}
      // However the browser closes it, the app follows.
      onClose={() => close.current()}
      onMouseDown={(e) => {
        // The dialog element itself has no padding: a press on it (not on its content) is on the backdrop.
        if (e.target === ref.current) close.current();
      }}
    >
      {title && (
        <div className="modal-head">
          <h2 id={titleId}>{title}</h2>
          {closeButton && (
            <button type="button" className="icon-btn modal-x" aria-label={t('common.close')} onClick={() => close.current()}>
              ×
            </button>
          )}
        </div>
      )}
      {children}
    </dialog>
  );
}
