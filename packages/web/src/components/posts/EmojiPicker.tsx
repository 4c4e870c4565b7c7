import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { commonEmojiNames, emojiChar, loadAllEmoji, type EmojiEntry } from '../../lib/emoji.ts';
import { useT } from '../../i18n/index.ts';
import './posts.css';

const RECENT_KEY = 'prat.recentEmoji';
const DEFAULT_FIRST = ['+1', 'heart', 'joy', 'tada', 'smile', 'eyes', 'white_check_mark', 'pray', 'fire', '100', 'rocket', 'thinking_face', 'clap', 'raised_hands', 'sob', '-1'];

export function recentEmoji(): string[] {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string').slice(0, 24) : [];
  } catch {
    return [];
  }
}

export function rememberEmoji(name: string): void {
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify([name, ...recentEmoji().filter((n) => n !== name)].slice(0, 24)));
  } catch {
    // private mode: no recents
  }
}

type Item = { name: string; char: string };

/**
 * A searchable grid of emoji, opened next to `anchor`: recently used and common ones first, the full list
 * (a lazily loaded chunk) after. Arrow keys move between emoji, Enter picks, Esc closes.
 */
export function EmojiPicker({ anchor, onPick, onClose }: { anchor: HTMLElement | null; onPick: (name: string) => void; onClose: () => void }) {
  const t = useT();
  const [all, setAll] = useState<EmojiEntry[] | null>(null);
  const [query, setQuery] = useState('');
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    loadAllEmoji()
      .then((list) => live && setAll(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const width = el.offsetWidth;
    const height = el.offsetHeight;
    const r = anchor?.getBoundingClientRect() ?? { top: window.innerHeight / 2, bottom: window.innerHeight / 2, right: window.innerWidth / 2, left: 0 };
    const top = r.top - height - 6 > 8 ? r.top - height - 6 : Math.min(r.bottom + 6, window.innerHeight - height - 8);
    const left = Math.max(8, Math.min(r.right - width, window.innerWidth - width - 8));
    setPos({ top: Math.max(8, top), left });
  }, [anchor]);

  // Focus the search once the picker is placed (a hidden element cannot take focus).
  const placed = pos !== null;
  useEffect(() => {
    if (placed) searchRef.current?.focus();
  }, [placed]);

  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node) && !anchor?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [anchor, onClose]);

  const sections = useMemo(() => {
    const q = query.trim().toLowerCase().replace(/^:|:$/g, '');
    if (q) {
      const source: Item[] = all ? all.map((e) => ({ name: e.name, char: e.char })) : commonEmojiNames().map((n) => ({ name: n, char: emojiChar(n)! }));
      const matches = all
        ? all.filter((e) => e.aliases.some((a) => a.includes(q)) || e.keywords.some((k) => k.toLowerCase().includes(q))).map((e) => ({ name: e.name, char: e.char }))
        : source.filter((e) => e.name.includes(q));
      matches.sort((a, b) => Number(!a.name.startsWith(q)) - Number(!b.name.startsWith(q)));
      return [{ id: 'results', title: '', items: matches.slice(0, 200) }];
    }
    const firstNames = [...new Set([...recentEmoji(), ...DEFAULT_FIRST])];
    const first = firstNames.map((n) => ({ name: n, char: emojiChar(n) })).filter((e): e is Item => Boolean(e.char));
    const rest: Item[] = all ? all.map((e) => ({ name: e.name, char: e.char })) : commonEmojiNames().filter((n) => !firstNames.includes(n) && !/^(thumbs(up|down))$/.test(n)).map((n) => ({ name: n, char: emojiChar(n)! }));
    return [
      { id: 'recent', title: t('posts.emojiRecent'), items: first },
      { id: 'all', title: t('posts.emojiAll'), items: rest },
    ];
  }, [all, query, t]);

  const pick = (name: string) => {
    rememberEmoji(name);
    onPick(name);
  };

  const buttons = () => [...(ref.current?.querySelectorAll<HTMLButtonElement>('.emoji-picker-item') ?? [])];
  const move = (from: HTMLButtonElement, key: string) => {
    const list = buttons();
    const i = list.indexOf(from);
    if (key === 'ArrowLeft') return list[i - 1];
    if (key === 'ArrowRight') return list[i + 1];
    // Up and down: the nearest emoji in the row above or below (sections may end with a short row).
    const here = from.getBoundingClientRect();
    const down = key === 'ArrowDown';
    const candidates = list.filter((b) => {
      const r = b.getBoundingClientRect();
      return down ? r.top > here.top + 4 : r.top < here.top - 4;
    });
    if (candidates.length === 0) return undefined;
    const rowTop = down ? Math.min(...candidates.map((b) => b.getBoundingClientRect().top)) : Math.max(...candidates.map((b) => b.getBoundingClientRect().top));
    const row = candidates.filter((b) => Math.abs(b.getBoundingClientRect().top - rowTop) < 4);
    return row.reduce((best, b) => (Math.abs(b.getBoundingClientRect().left - here.left) < Math.abs(best.getBoundingClientRect().left - here.left) ? b : best));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      return;
    }
    const target = e.target as HTMLElement;
    if (target === searchRef.current) {
      if (e.key === 'ArrowDown' || (e.key === 'Enter' && query)) {
        e.preventDefault();
        const first = buttons()[0];
        if (e.key === 'Enter' && first) pick(first.dataset.name!);
        else first?.focus();
      }
      return;
    }
    if (!target.classList.contains('emoji-picker-item') || !['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(e.key)) return;
    e.preventDefault();
    const next = move(target as HTMLButtonElement, e.key);
    if (next) next.focus();
    else if (e.key === 'ArrowUp') searchRef.current?.focus();
  };

  const empty = sections.every((s) => s.items.length === 0);
  return createPortal(
    <div
      ref={ref}
      className="emoji-picker"
      role="dialog"
      aria-label={t('posts.emojiPicker')}
      style={pos ? { top: pos.top, left: pos.left } : { visibility: 'hidden', top: 0, left: 0 }}
      onKeyDown={onKeyDown}
    >
      <input
        ref={searchRef}
        className="emoji-picker-search"
        type="search"
        placeholder={t('posts.emojiSearch')}
        aria-label={t('posts.emojiSearch')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="emoji-picker-scroll">
        {sections.map((section) =>
          section.items.length === 0 ? null : (
            <section key={section.id} aria-label={section.title || t('posts.emojiSearch')}>
              {section.title && <h3 className="emoji-picker-heading">{section.title}</h3>}
              <div className="emoji-picker-grid">
                {section.items.map((e, i) => (
                  <button
                    key={`${section.id}-${e.name}`}
                    type="button"
                    className="emoji-picker-item"
                    data-name={e.name}
                    tabIndex={section.id === sections[0].id && i === 0 ? 0 : -1}
                    aria-label={`:${e.name}:`}
                    title={`:${e.name}:`}
                    onClick={() => pick(e.name)}
                  >
                    {e.char}
                  </button>
                ))}
              </div>
            </section>
          ),
        )}
        {empty && <p className="emoji-picker-empty">{t('posts.emojiNone', { query })}</p>}
        {!all && !query && <p className="emoji-picker-empty">{t('posts.emojiLoading')}</p>}
      </div>
    </div>,
    document.body,
  );
}
