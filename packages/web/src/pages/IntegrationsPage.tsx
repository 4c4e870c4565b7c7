/** /{team}/integrations/…: incoming/outgoing webhooks, slash commands and bots arrive with the integrations issue. */
export function IntegrationsPage() {
  return <main className="center" />;
}
