import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode, type KeyboardEvent } from 'react';
import './sidebar.css';

export type MenuEntry =
  | { kind?: 'item'; label: string; onSelect: () => void; danger?: boolean; checked?: boolean }
  | { kind: 'group'; label: string; items: { label: string; onSelect: () => void; checked?: boolean }[] };

/**
 * A menu button (WAI-ARIA menu pattern): Enter/Space/ArrowDown open it on the first item, arrows/Home/End move,
 * Esc and Tab close it, and focus returns to the button. Selecting an item closes the menu before running it, so a
 * dialog it opens returns focus to the button.
 */
export function Menu({ label, button, entries, className = '', buttonClass = 'icon-btn', align = 'start' }: { label: string; button: ReactNode; entries: MenuEntry[]; className?: string; buttonClass?: string; align?: 'start' | 'end' }) {
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const id = useId();

  // The menu is placed in the viewport (position: fixed) so that no scrolling container clips it; it opens upward
  // when there is no room below.
  useLayoutEffect(() => {
    if (!open || !list.current || !trigger.current) return;
    const r = trigger.current.getBoundingClientRect();
    const m = list.current.getBoundingClientRect();
    const below = r.bottom + 4 + m.height <= window.innerHeight - 8;
    const top = below ? r.bottom + 4 : Math.max(8, r.top - 4 - m.height);
    const left = align === 'end' ? Math.max(8, r.right - m.width) : Math.min(r.left, window.innerWidth - m.width - 8);
    list.current.style.top = `${top}px`;
    list.current.style.left = `${Math.max(8, left)}px`;
    list.current.style.visibility = 'visible';
  }, [open, align]);

  useEffect(() => {
    if (!open) return;
    list.current?.querySelector<HTMLElement>('[role^=menuitem]')?.focus();
    const outside = (e: MouseEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    const away = (e: Event) => {
      if (!list.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    window.addEventListener('resize', away);
    document.addEventListener('scroll', away, true);
    return () => {
      document.removeEventListener('mousedown', outside);
      window.removeEventListener('resize', away);
      document.removeEventListener('scroll', away, true);
    };
  }, [open]);

  const items = () => [...(list.current?.querySelectorAll<HTMLElement>('[role^=menuitem]') ?? [])];
  const closeAndFocus = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const all = items();
    const i = all.indexOf(document.activeElement as HTMLElement);
    const go = (n: number) => all[(n + all.length) % all.length]?.focus();
    if (e.key === 'ArrowDown') go(i + 1);
    else if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(all.length - 1);
    else if (e.key === 'Escape') closeAndFocus();
    else if (e.key === 'Tab') setOpen(false);
    else return;
    if (e.key !== 'Tab') {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  const select = (fn: () => void) => {
    closeAndFocus();
    fn();
  };
  const item = (key: string, label: string, onSelect: () => void, checked?: boolean, danger?: boolean) => (
    <button
      key={key}
      type="button"
      role={checked === undefined ? 'menuitem' : 'menuitemradio'}
      aria-checked={checked}
      tabIndex={-1}
      className={`menu-item${danger ? ' danger' : ''}`}
      onClick={() => select(onSelect)}
    >
      {checked !== undefined && <span className="menu-check" aria-hidden="true">{checked ? '✓' : ''}</span>}
      {label}
    </button>
  );
  return (
    <div className={`menu-wrap ${className}`} ref={wrap}>
      <button
        ref={trigger}
        type="button"
        className={buttonClass}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={label}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {button}
      </button>
      {open && (
        <div className={`menu menu-${align}`} role="menu" id={id} aria-label={label} ref={list} onKeyDown={onKey}>
          {entries.map((entry, i) =>
            entry.kind === 'group' ? (
              <div key={i} role="group" aria-label={entry.label} className="menu-group">
                <div className="menu-group-label" aria-hidden="true">
                  {entry.label}
                </div>
                {entry.items.map((it, j) => item(`${i}.${j}`, it.label, it.onSelect, it.checked))}
              </div>
            ) : (
              item(String(i), entry.label, entry.onSelect, entry.checked, entry.danger)
            ),
          )}
        </div>
      )}
    </div>
  );
}
