import { Fragment, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import './menu.css';

/** One choice. `checked` makes it a radio item (✓ when true); `icon` goes before the label. */
export type MenuItem = { label: string; onSelect: () => void; danger?: boolean; checked?: boolean; icon?: ReactNode };
export type MenuEntry = ({ kind?: 'item' } & MenuItem) | { kind: 'group'; label?: string; items: MenuItem[] };

const ITEMS = '[role^=menuitem]';

/**
 * A menu button (WAI-ARIA menu pattern): Enter/Space/ArrowDown open it on the first item (ArrowUp on the last),
 * arrows/Home/End move, typing a letter moves to the next item starting with it, Esc and Tab close it, and focus
 * returns to the button. Selecting an item closes the menu before running it, so a dialog it opens returns focus to
 * the button.
 *
 * By default the menu is placed in the viewport (position: fixed) so that no scrolling container clips it, below the
 * button or above it when there is no room, and it closes when the page scrolls or resizes. `placement="inline"`
 * leaves it positioned by CSS next to the button (it moves with it, say in a scrolling message list).
 */
export function Menu({
  label,
  menuLabel = label,
  nameFromContent = false,
  button,
  buttonClass = 'icon-btn',
  buttonTitle,
  header,
  entries,
  className = '',
  menuClass = '',
  align = 'start',
  placement = 'viewport',
  onOpenChange,
}: {
  /** Names the button (unless `nameFromContent`) and the menu (unless `menuLabel` is given). */
  label: string;
  menuLabel?: string;
  /**
   * The button's own text names it (no aria-label): for buttons showing text, whose name must contain that text
   * (WCAG "label in name"); the content then says what the button is, e.g. with a visually hidden suffix.
   */
  nameFromContent?: boolean;
  button: ReactNode;
  buttonClass?: string;
  buttonTitle?: string;
  /** Shown at the top of the menu, not an item (say, who is signed in). */
  header?: ReactNode;
  entries: MenuEntry[];
  className?: string;
  menuClass?: string;
  align?: 'start' | 'end';
  placement?: 'viewport' | 'inline';
  onOpenChange?: (open: boolean) => void;
}) {
  // Which item takes focus when it opens: the first, or the last (ArrowUp on the button).
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const wrap = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const id = useId();
  const isOpen = open !== false;

  useLayoutEffect(() => {
    if (!isOpen || placement !== 'viewport' || !list.current || !trigger.current) return;
    const r = trigger.current.getBoundingClientRect();
    const m = list.current.getBoundingClientRect();
    const below = r.bottom + 4 + m.height <= window.innerHeight - 8;
    const top = below ? r.bottom + 4 : Math.max(8, r.top - 4 - m.height);
    const left = align === 'end' ? Math.max(8, r.right - m.width) : Math.min(r.left, window.innerWidth - m.width - 8);
    list.current.style.top = `${top}px`;
    list.current.style.left = `${Math.max(8, left)}px`;
    list.current.style.visibility = 'visible';
  }, [isOpen, align, placement]);

  useEffect(() => {
    onOpenChange?.(isOpen);
    if (!isOpen) return;
    const all = items();
    (open === 'last' ? all[all.length - 1] : all[0])?.focus();
    const outside = (e: MouseEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    const away = (e: Event) => {
      if (!list.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    if (placement === 'viewport') {
      window.addEventListener('resize', away);
      document.addEventListener('scroll', away, true);
    }
    return () => {
      document.removeEventListener('mousedown', outside);
      window.removeEventListener('resize', away);
      document.removeEventListener('scroll', away, true);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isOpen]);

  const items = () => [...(list.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])];
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
    else if (e.key === 'Tab') {
      setOpen(false);
      return;
    } else if (e.key.length === 1 && /\S/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // Type-ahead: the next item starting with that letter.
      const k = e.key.toLowerCase();
      const next = [...all.slice(i + 1), ...all.slice(0, i + 1)].find((el) => el.textContent?.trim().toLowerCase().startsWith(k));
      if (!next) return;
      next.focus();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const select = (fn: () => void) => {
    closeAndFocus();
    fn();
  };
  const item = (key: string, it: MenuItem) => (
    <button
      key={key}
      type="button"
      role={it.checked === undefined ? 'menuitem' : 'menuitemradio'}
      aria-checked={it.checked}
      tabIndex={-1}
      className={`menu-item${it.danger ? ' danger' : ''}`}
      onClick={() => select(it.onSelect)}
    >
      {it.icon}
      <span className="menu-item-label">{it.label}</span>
      {it.checked !== undefined && (
        <span className="menu-check" aria-hidden="true">
          {it.checked ? '✓' : ''}
        </span>
      )}
    </button>
  );
  // A line between a group and what is next to it (and under the header).
  const separator = (key: string) => <div key={key} role="separator" className="menu-separator" />;
  return (
    <div className={`menu-wrap ${className}`} ref={wrap}>
      <button
        ref={trigger}
        type="button"
        className={buttonClass}
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? id : undefined}
        aria-label={nameFromContent ? undefined : label}
        title={buttonTitle}
        onClick={() => setOpen((o) => (o ? false : 'first'))}
        onKeyDown={(e) => {
          if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !isOpen) {
            e.preventDefault();
            setOpen(e.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        {button}
      </button>
      {isOpen && (
        <div className={`menu menu-${placement} menu-${align} ${menuClass}`} role="menu" id={id} aria-label={menuLabel} ref={list} onKeyDown={onKey}>
          {header}
          {entries.map((entry, i) => {
            const prev = i === 0 ? (header ? 'header' : undefined) : entries[i - 1]!.kind === 'group' ? 'group' : 'item';
            const line = prev && (prev !== 'item' || entry.kind === 'group') ? separator(`s${i}`) : null;
            return entry.kind === 'group' ? (
              <Fragment key={i}>
                {line}
                <div role="group" aria-label={entry.label} className="menu-group">
                  {entry.label && (
                    <div className="menu-group-label" aria-hidden="true">
                      {entry.label}
                    </div>
                  )}
                  {entry.items.map((it, j) => item(`${i}.${j}`, it))}
                </div>
              </Fragment>
            ) : (
              <Fragment key={i}>
                {line}
                {item(String(i), entry)}
              </Fragment>
            );
          })}
        </div>
      )}
    </div>
  );
}
