import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { useAppState } from '../../store/state.ts';
import { logout } from '../../actions/session.ts';
import { displayName } from '../../actions/users.ts';
import { isSystemAdmin, loadMyStatus, setMyLocale, setMyStatus, setMyTheme, STATUSES, themeChoice, type ThemeChoice } from '../../actions/account.ts';
import { LOCALES, useLocale, useT } from '../../i18n/index.ts';
import { Avatar } from '../common/Avatar.tsx';
import { Menu, type MenuEntry, type MenuItem } from '../common/Menu.tsx';
import './account.css';

const AccountDialog = lazy(() => import('./AccountDialog.tsx'));

/** The avatar button at the top of the sidebar and its menu: status, profile, security, language, theme, console, log out. */
export function AccountMenu() {
  const t = useT();
  const locale = useLocale();
  const [, navigate] = useLocation();
  const me = useAppState((s) => s.me);
  const status = useAppState((s) => (s.me ? (s.statuses[s.me.id] ?? 'offline') : 'offline'));
  const theme = useAppState((s) => themeChoice(s.preferences));
  const [dialog, setDialog] = useState<null | 'profile' | 'security'>(null);
  const [error, setError] = useState('');
  const wrap = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void loadMyStatus();
  }, []);

  if (!me) return null;

  // The menu has closed and given focus back to its button when an item runs; a failure shows below the button.
  const item = (label: string, run: () => void | Promise<void>, extra: Partial<MenuItem> = {}): MenuItem => ({
    label,
    ...extra,
    onSelect: () => {
      setError('');
      void Promise.resolve(run()).catch((err: unknown) => setError(t('account.menu.failed', { message: err instanceof Error ? err.message : String(err) })));
    },
  });

  const entries: MenuEntry[] = [
    {
      kind: 'group',
      label: t('account.menu.status'),
      items: STATUSES.map((s) => item(t(`status.${s}` as 'status.online'), () => setMyStatus(s), { checked: status === s, icon: <span className={`acct-menu-dot status-${s}`} aria-hidden="true" /> })),
    },
    { kind: 'group', items: [item(t('account.menu.profile'), () => setDialog('profile')), item(t('account.menu.security'), () => setDialog('security'))] },
    { kind: 'group', label: t('account.menu.language'), items: LOCALES.map((l) => item(l.name, () => setMyLocale(l.id), { checked: locale === l.id })) },
    { kind: 'group', label: t('account.menu.theme'), items: (['light', 'dark', 'system'] as ThemeChoice[]).map((c) => item(t(`account.theme.${c}`), () => setMyTheme(c), { checked: theme === c })) },
    {
      kind: 'group',
      items: [
        ...(isSystemAdmin(me) ? [item(t('account.menu.console'), () => navigate('~/admin_console'))] : []),
        item(t('account.menu.logout'), async () => {
          await logout();
          navigate('~/login', { replace: true });
        }),
      ],
    },
  ];

  return (
    <div className="account-menu" ref={wrap}>
      <Menu
        label={t('account.menu.label')}
        buttonClass="account-button"
        className="account-menu-wrap"
        menuClass="acct-menu"
        nameFromContent
        button={
          <span className="account-button-inner">
            <span aria-hidden="true">
              <Avatar userId={me.id} size={32} />
            </span>
            <span className="account-button-text">
              <span className="account-button-name">{displayName(me)}</span>{' '}
              <span className="account-button-status">{t(`status.${status}` as 'status.online')}</span>
              <span className="visually-hidden">{t('account.menu.suffix')}</span>
            </span>
          </span>
        }
        header={
          <div className="acct-menu-identity" role="presentation">
            <strong>{displayName(me)}</strong>
            <span>@{me.username}</span>
          </div>
        }
        entries={entries}
      />
      {error && (
        <p className="account-error" role="alert">
          {error}
        </p>
      )}
      {dialog && (
        <Suspense fallback={null}>
          <AccountDialog
            initialTab={dialog}
            returnFocus={() => wrap.current?.querySelector<HTMLElement>('.account-button')}
            onClose={() => {
              setDialog(null);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
