import { useT } from '../i18n/index.ts';

/**
 * /{team}/integrations/…: the route exists so Mattermost links land somewhere sensible; managing incoming and
 * outgoing webhooks, slash commands and bots arrives with the server's integrations.
 */
export function IntegrationsPage() {
  const t = useT();
  return (
    <main className="center" aria-labelledby="integrations-title">
      <header className="channel-header">
        <h1 className="channel-title" id="integrations-title">
          {t('integrations.title')}
        </h1>
      </header>
      <p className="center-message">{t('integrations.soon')}</p>
    </main>
  );
}
