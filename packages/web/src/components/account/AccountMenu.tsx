import { lazy, Suspense, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useLocation } from 'wouter';
import { useAppState } from '../../store/state.ts';
import { logout } from '../../actions/session.ts';
import { displayName } from '../../actions/users.ts';
import { isSystemAdmin, loadMyStatus, setMyLocale, setMyStatus, setMyTheme, STATUSES, themeChoice, type ThemeChoice } from '../../actions/account.ts';
import { LOCALES, useLocale, useT } from '../../i18n/index.ts';
import { Avatar } from '../common/Avatar.tsx';
import './account.css';

const AccountDialog = lazy(() => import('./AccountDialog.tsx'));

type Item =
  | { kind: 'item'; id: string; label: string; run: () => void | Promise<void> }
  | { kind: 'radio'; id: string; label: string; checked: boolean; run: () => void | Promise<void>; dot?: string };

/** The avatar button at the top of the sidebar and its menu: status, profile, security, language, theme, console, log out. */
export function AccountMenu() {
  const t = useT();
  const locale = useLocale();
  const [, navigate] = useLocation();
  const me = useAppState((s) => s.me);
  const status = useAppState((s) => (s.me ? (s.statuses[s.me.id] ?? 'offline') : 'offline'));
  const theme = useAppState((s) => themeChoice(s.preferences));
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<null | 'profile' | 'security'>(null);
  const [error, setError] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ top: -9999, left: 0 });
  const menuId = useId();

  useEffect(() => {
    void loadMyStatus();
  }, []);

  // The menu is fixed-positioned (the sidebar scrolls and would clip it): below the button when it fits, else above.
  useLayoutEffect(() => {
    if (!open || !button.current || !menu.current) return;
    const r = button.current.getBoundingClientRect();
    const width = menu.current.offsetWidth;
    const height = menu.current.offsetHeight;
    const below = r.bottom + 6 + height <= window.innerHeight;
    setPos({ top: below ? r.bottom + 6 : Math.max(8, r.top - 6 - height), left: Math.max(8, Math.min(r.left, window.innerWidth - width - 8)) });
    menu.current.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  if (!me) return null;

  const act = (fn: () => void | Promise<void>) => () => {
    setOpen(false);
    button.current?.focus();
    setError('');
    void Promise.resolve(fn()).catch((err: unknown) => setError(t('account.menu.failed', { message: err instanceof Error ? err.message : String(err) })));
  };

  const groups: { label?: string; items: Item[] }[] = [
    { label: t('account.menu.status'), items: STATUSES.map((s): Item => ({ kind: 'radio', id: `status-${s}`, label: t(`status.${s}` as 'status.online'), checked: status === s, dot: s, run: () => setMyStatus(s) })) },
    {
      items: [
        { kind: 'item', id: 'profile', label: t('account.menu.profile'), run: () => setDialog('profile') },
        { kind: 'item', id: 'security', label: t('account.menu.security'), run: () => setDialog('security') },
      ],
    },
    { label: t('account.menu.language'), items: LOCALES.map((l): Item => ({ kind: 'radio', id: `lang-${l.id}`, label: l.name, checked: locale === l.id, run: () => setMyLocale(l.id) })) },
    {
      label: t('account.menu.theme'),
      items: (['light', 'dark', 'system'] as ThemeChoice[]).map((c): Item => ({ kind: 'radio', id: `theme-${c}`, label: t(`account.theme.${c}`), checked: theme === c, run: () => setMyTheme(c) })),
    },
    {
      items: [
        ...(isSystemAdmin(me) ? [{ kind: 'item', id: 'console', label: t('account.menu.console'), run: () => navigate('~/admin_console') } as Item] : []),
        {
          kind: 'item',
          id: 'logout',
          label: t('account.menu.logout'),
          run: async () => {
            await logout();
            navigate('~/login', { replace: true });
          },
        },
      ],
    },
  ];

  const onKey = (e: KeyboardEvent) => {
    const focusable = [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const i = focusable.indexOf(document.activeElement as HTMLElement);
    const go = (n: number) => {
      e.preventDefault();
      focusable[(n + focusable.length) % focusable.length]?.focus();
    };
    if (e.key === 'ArrowDown') go(i + 1);
    else if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(focusable.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'Tab') setOpen(false);
    else if (e.key.length === 1 && /\S/.test(e.key)) {
      // Type-ahead: the next item starting with that letter.
      const k = e.key.toLowerCase();
      const order = [...focusable.slice(i + 1), ...focusable.slice(0, i + 1)];
      const next = order.find((el) => el.textContent?.trim().toLowerCase().startsWith(k));
      if (next) {
        e.preventDefault();
        next.focus();
      }
    }
  };

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
    }
  };

  return (
    <div className="account-menu">
      <button
        ref={button}
        type="button"
        className="account-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={t('account.menu.button', { name: displayName(me), status: t(`status.${status}` as 'status.online') })}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={onButtonKey}
      >
        <span aria-hidden="true" className="account-button-inner">
          <Avatar userId={me.id} size={32} />
          <span className="account-button-text">
            <span className="account-button-name">{displayName(me)}</span>
            <span className="account-button-status">{t(`status.${status}` as 'status.online')}</span>
          </span>
        </span>
      </button>
      {error && (
        <p className="account-error" role="alert">
          {error}
        </p>
      )}
      {open && (
        <div ref={menu} id={menuId} role="menu" aria-label={t('account.menu.label')} className="acct-menu" style={{ top: pos.top, left: pos.left }} onKeyDown={onKey}>
          <div className="acct-menu-identity" role="presentation">
            <strong>{displayName(me)}</strong>
            <span>@{me.username}</span>
          </div>
          {groups.map((group, n) => (
            <div key={n} role="group" aria-label={group.label} className="acct-menu-group">
              {group.label && (
                <div className="acct-menu-group-label" aria-hidden="true">
                  {group.label}
                </div>
              )}
              {group.items.map((item) => {
                const radio = item.kind === 'radio';
                return (
                  <button
                    key={item.id}
                    type="button"
                    role={radio ? 'menuitemradio' : 'menuitem'}
                    aria-checked={radio ? item.checked : undefined}
                    tabIndex={-1}
                    className={`acct-menu-item${radio && item.checked ? ' acct-checked' : ''}`}
                    onClick={act(item.run)}
                  >
                    {radio && item.dot && <span className={`acct-menu-dot status-${item.dot}`} aria-hidden="true" />}
                    <span className="acct-menu-item-label">{item.label}</span>
                    {radio && (
                      <span className="acct-menu-check" aria-hidden="true">
                        {item.checked ? '✓' : ''}
                      </span>
                    )}
                  </button>
                );
              })}
            </div>
          ))}
        </div>
      )}
      {dialog && (
        <Suspense fallback={null}>
          <AccountDialog
            initialTab={dialog}
            returnFocus={button.current}
            onClose={() => {
              setDialog(null);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
