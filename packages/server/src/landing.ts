import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app/context.ts';
import { PRAT_VERSION } from './version.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Until the web client is served at /, a plain page tells whoever opens the server in a browser what it is. */
export function registerLanding(http: FastifyInstance, ctx: AppContext): void {
  http.get('/', async (_req, reply) => {
    const name = escape(ctx.config.get().TeamSettings.SiteName);
    reply
      .type('text/html; charset=utf-8')
      .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header('X-Frame-Options', 'SAMEORIGIN');
    return `<!doctype html><html lang="en"><meta charset="utf-8"><title>${name}</title>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;line-height:1.5">
<h1>${name} is running</h1>
<p>Prat ${PRAT_VERSION} speaks Mattermost's API v4 at <code>/api/v4</code> and its WebSocket at <code>/api/v4/websocket</code>.
Point a Mattermost client or the <code>prat</code> command line at this address.</p>
<p>Health: <a href="/api/v4/system/ping">/api/v4/system/ping</a></p></body></html>`;
  });
}
