import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AppContext } from './app/context.ts';
import { AppError } from './app/errors.ts';
import { registerLanding } from './landing.ts';

/** Where `vite build` writes the web client in this checkout (packages/web/dist). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

// The web client never needs inline script, eval, or another origin; a message that sneaks markup past the
// renderer still cannot run anything. Inline style attributes are React's `style={…}`.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * Serves the built web client at /: hashed files under /static/ cached for a year, every other non-API path
 * answered with index.html (never cached) so that reloading any client route lands on the same view. Without a
 * build, a plain page says what the server is.
 */
export async function registerWebClient(http: FastifyInstance, ctx: AppContext, webDir: string | undefined): Promise<void> {
  const indexPath = webDir ? join(webDir, 'index.html') : '';
  if (!webDir || !existsSync(indexPath)) {
    registerLanding(http, ctx);
    return;
  }
  const index = readFileSync(indexPath);
  await http.register(fastifyStatic, {
    root: join(webDir, 'static'),
    prefix: '/static/',
    wildcard: true,
    index: false,
    list: false,
    dotfiles: 'deny',
    immutable: true,
    maxAge: '365d',
  });
  const sendIndex = (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache, max-age=0')
      .header('Content-Security-Policy', CSP)
      .header('X-Frame-Options', 'SAMEORIGIN')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      .send(index);
  http.get('/', sendIndex);
  http.get('/*', (req, reply) => {
    const path = req.url.split('?')[0]!;
    // Unknown API and static paths stay 404s; only client routes fall back to the app.
    if (path.startsWith('/api/') || path.startsWith('/static/') || /\.[a-z0-9]{1,8}$/i.test(path)) {
      const err = new AppError('api.context.404.app_error', 'Sorry, we could not find the page.', 404, `There doesn't appear to be an api call for the url='${path}'.`);
      return reply.code(404).type('application/json').send(err.toJSON(req.id));
    }
    return sendIndex(req, reply);
  });
}
