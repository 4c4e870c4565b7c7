import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { store, useAppState } from '../../store/state.ts';
import { useT, type MessageKey } from '../../i18n/index.ts';
import './search.css';

/** Mattermost's search syntax, shown as hints; choosing one puts its prefix in the box. */
const HINTS: { syntax: string; insert: string; key: MessageKey }[] = [
  { syntax: 'from:', insert: 'from:', key: 'search.hint.from' },
  { syntax: 'in:', insert: 'in:', key: 'search.hint.in' },
  { syntax: 'on:', insert: 'on:', key: 'search.hint.on' },
  { syntax: 'before:', insert: 'before:', key: 'search.hint.before' },
  { syntax: 'after:', insert: 'after:', key: 'search.hint.after' },
  { syntax: '"…"', insert: '"', key: 'search.hint.phrase' },
  { syntax: '-', insert: '-', key: 'search.hint.exclude' },
  { syntax: '*', insert: '*', key: 'search.hint.prefix' },
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * The search box of the channel header. Enter shows the results in the right panel; Ctrl+Shift+F (Cmd+Shift+F on
 * a Mac), Mattermost's shortcut, focuses it from anywhere; while it is empty a popover explains the syntax.
 */
export function SearchBox() {
  const t = useT();
  const hintId = useId();
  const current = useAppState((s) => (s.rhs?.kind === 'search' ? s.rhs.terms : ''));
  const [value, setValue] = useState(current);
  const [focused, setFocused] = useState(false);
  const [hintsClosed, setHintsClosed] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);

  useEffect(() => setValue(current), [current]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((isMac ? e.metaKey : e.ctrlKey) && e.shiftKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const showHints = focused && !hintsClosed && (value === '' || value.endsWith(' '));

  const submit = () => {
    const terms = value.trim();
    if (!terms) return;
    store.update(() => ({ rhs: { kind: 'search', terms } }));
    setHintsClosed(true);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      submit();
    } else if (e.key === 'Escape') {
      if (showHints) setHintsClosed(true);
      else if (value) setValue('');
      else inputRef.current?.blur();
      e.preventDefault();
    } else if (e.key === 'ArrowDown' && showHints) {
      e.preventDefault();
      wrapRef.current?.querySelector<HTMLButtonElement>('.search-hint-item')?.focus();
    } else {
      setHintsClosed(false);
    }
  };

  const insert = (text: string) => {
    setValue((v) => `${v}${text}`);
    setHintsClosed(true);
    inputRef.current?.focus();
  };

  const onHintKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(wrapRef.current?.querySelectorAll<HTMLButtonElement>('.search-hint-item') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (e.key === 'ArrowUp' && i <= 0) return inputRef.current?.focus();
      items[Math.min(items.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1))]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setHintsClosed(true);
      inputRef.current?.focus();
    }
  };

  return (
    <div
      className="search-box"
      ref={wrapRef}
      role="search"
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!wrapRef.current?.contains(e.relatedTarget as Node | null)) {
          setFocused(false);
          setHintsClosed(false);
        }
      }}
    >
      <SearchIcon />
      <input
        ref={inputRef}
        type="search"
        className="search-input"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        aria-keyshortcuts={isMac ? 'Meta+Shift+F' : 'Control+Shift+F'}
        aria-controls={showHints ? hintId : undefined}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKeyDown}
        enterKeyHint="search"
      />
      {showHints && (
        <div className="search-hints" id={hintId} role="group" aria-label={t('search.hintTitle')} onKeyDown={onHintKey}>
          <p className="search-hints-title" aria-hidden="true">
            {t('search.hintTitle')}
          </p>
          <ul>
            {HINTS.map((h) => (
              <li key={h.syntax}>
                <button
                  type="button"
                  className="search-hint-item"
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => insert(h.insert)}
                >
                  <code>{h.syntax}</code> <span>{t(h.key)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function SearchIcon() {
  return (
    <svg className="search-icon" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" aria-hidden="true">
      <circle cx="11" cy="11" r="7" />
      <path d="M20 20l-4-4" />
    </svg>
  );
}
