import { useState } from 'react';
import { useT } from '../../i18n/index.ts';
import { notificationPermission } from '../../actions/notifications.ts';
import '../composer/composer.css';

const DISMISSED_KEY = 'prat.notifications.bannerDismissed';

function dismissedBefore(): boolean {
  try {
    return window.localStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Offers desktop notifications once: browsers allow the permission prompt only from a user gesture, and asking on
 * page load is rude. Shown while the permission is undecided and the user has not said "Not now".
 */
export function NotificationBanner() {
  const t = useT();
  const [hidden, setHidden] = useState(() => notificationPermission() !== 'default' || dismissedBefore());
  if (hidden) return null;
  const dismiss = () => {
    try {
      window.localStorage.setItem(DISMISSED_KEY, '1');
    } catch {
      // Not remembered: the banner comes back next time.
    }
    setHidden(true);
  };
  return (
    <div className="notify-banner" role="region" aria-label={t('notify.enable')}>
      <p>{t('notify.bannerText')}</p>
      <div className="notify-actions">
        <button
          type="button"
          className="btn btn-primary notify-enable"
          onClick={() => {
            void Notification.requestPermission().finally(() => setHidden(true));
          }}
        >
          {t('notify.enable')}
        </button>
        <button type="button" className="btn btn-link notify-dismiss" onClick={dismiss}>
          {t('notify.dismiss')}
        </button>
      </div>
    </div>
  );
}
