import type { KeyboardEvent, ReactNode, Ref } from 'react';
import { store } from '../../store/state.ts';

export function closeRightPanel(): void {
  store.update(() => ({ rhs: null }));
}

function closeOnEscape(e: KeyboardEvent<HTMLElement>): void {
  if (e.key === 'Escape' && !e.defaultPrevented) closeRightPanel();
}

type Props = {
  /** The landmark's name (the panel is an <aside>). */
  label: string;
  title: string;
  /** Shown after the title (a channel's name, the search terms); `subtitleTitle` is its tooltip. */
  subtitle?: ReactNode;
  subtitleTitle?: string;
  closeLabel: string;
  closeRef?: Ref<HTMLButtonElement>;
  className?: string;
  /** Esc closes the panel unless this handles the key itself. */
  onKeyDown?: (e: KeyboardEvent<HTMLElement>) => void;
  children: ReactNode;
};

/** The frame every right-panel view shares: the landmark, the header with its title and the close button. */
export function RightPanelFrame({ label, title, subtitle, subtitleTitle, closeLabel, closeRef, className, onKeyDown, children }: Props) {
  return (
    <aside className={className ? `rhs rhs-panel ${className}` : 'rhs rhs-panel'} aria-label={label} onKeyDown={onKeyDown ?? closeOnEscape}>
      <header className="rhs-header">
        <h2 className="rhs-title">{title}</h2>
        {subtitle !== undefined && (
          <span className="rhs-subtitle" title={subtitleTitle}>
            {subtitle}
          </span>
        )}
        <button ref={closeRef} type="button" className="icon-btn" aria-label={closeLabel} title={closeLabel} onClick={closeRightPanel}>
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      {children}
    </aside>
  );
}
