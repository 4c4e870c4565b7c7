import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import type { ConfigService } from './config/service.ts';
import type { Store } from './store/store.ts';
import { MemoryBus, type Bus } from './realtime/bus.ts';
import type { AppContext } from './app/context.ts';
import { AppError } from './app/errors.ts';
import { newId } from './app/ids.ts';
import { resolveSession } from './api4/auth.ts';
import { localSession } from './app/sessions.ts';
import { RateLimiter } from './api4/rate-limit.ts';
import { versionHeader } from './version.ts';
import { registerApi } from './api4/index.ts';
import { mount } from './api4/router.ts';
import { publicFileRoutes } from './api4/files.ts';
import { scheduleJobs } from './app/jobs.ts';
import { registerWebClient } from './web.ts';
import { Hub } from './realtime/hub.ts';
import { GatewaySocketHost } from './realtime/gateway.ts';
import { LocalSocketHost } from './realtime/socket-host.ts';
import { attachWebSocket } from './realtime/websocket.ts';
import { StatusService } from './app/status.ts';
import { SessionCache } from './app/session-cache.ts';
import { ChannelReadGrants } from './app/channel-read-grants.ts';
import { ChannelPageCache } from './app/channel-page-cache.ts';
import { clientConfig } from './config/client.ts';

export type BuildOptions = {
  config: ConfigService;
  store: Store;
  bus?: Bus;
  logger?: boolean;
  now?: () => number;
  /** the built web client (packages/web/dist); none → a plain landing page */
  webDir?: string;
  /** WebSockets in a gateway process (the default) or in this one (PRAT_WEBSOCKET_GATEWAY=0) */
  websocketGateway?: boolean;
};

export type PratApp = { http: FastifyInstance; ctx: AppContext; hub: Hub };

/** Wires config, store, bus and routes into a Fastify instance, without listening. */
export async function buildApp(opts: BuildOptions): Promise<PratApp> {
  const bus = opts.bus ?? new MemoryBus();
  const now = opts.now ?? Date.now;
  // The gateway process starts while the rest is built; until it is ready no socket can arrive (nothing listens yet).
  let http: FastifyInstance | undefined;
  const log = (msg: string, err?: unknown) => (http ? http.log.error({ err }, msg) : console.error(msg, err ?? ''));
  const gateway = opts.websocketGateway === false ? undefined : new GatewaySocketHost(log);
  const hub = new Hub(opts.store, gateway ?? new LocalSocketHost());
  // How long anything cached about who may read what is trusted without an event: sessions, read grants, pages.
  const cacheMs = () => opts.config.get().ServiceSettings.SessionCacheInMinutes * 60_000;
  const sessionCache = new SessionCache(undefined, cacheMs);
  const readGrants = new ChannelReadGrants(cacheMs);
  const channelPages = new ChannelPageCache(cacheMs);
  const status = new StatusService(bus, now, (id) => hub.isOnline(id));
  const ctx: AppContext = { config: opts.config, store: opts.store, bus, now, status, sessionCache, readGrants, channelPages };
  hub.onUserOnline = (userId, online) => ctx.status.setAutomatic(userId, online);
  // Ended sessions, changed users and revoked grants leave the caches before anything else hears of them.
  bus.subscribe((event) => sessionCache.observe(event));
  bus.subscribe((event) => readGrants.observe(event));
  bus.subscribe((event) => channelPages.observe(event));
  bus.subscribe((event) => hub.publish(event));
  // Every client hears about config changes live, with the client config it is allowed to see.
  ctx.config.onChange((next) => bus.publish({ event: 'config_changed', data: { config: clientConfig(next, true) }, broadcast: {} }));
  http = await buildHttp(ctx, { logger: opts.logger, local: false });
  const stopJobs = scheduleJobs(ctx, (msg, err) => http.log.error({ err }, msg));
  http.addHook('onClose', async () => stopJobs());
  await registerWebClient(http, ctx, opts.webDir);
  // Public file links live outside /api/v4 and on the network listener only.
  mount(http, ctx, publicFileRoutes);
  // A gateway that cannot start leaves the sockets in this process: slower under load, the same to every client.
  if (gateway) await gateway.ready.catch((err) => {
    log('the WebSocket gateway could not start; serving WebSockets in-process', err);
    hub.host = new LocalSocketHost();
  });
  attachWebSocket(http, ctx, hub);
  return { http, ctx, hub };
}

/**
 * The API for ServiceSettings.EnableLocalMode, served on a Unix socket: same routes and context as the main app,
 * but every request acts as the local admin session (mmctl --local), with no token and no rate limit.
 */
export function buildLocalApi(ctx: AppContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  return buildHttp(ctx, { logger: opts.logger, local: true });
}

async function buildHttp(ctx: AppContext, opts: { logger?: boolean; local: boolean }): Promise<FastifyInstance> {
  const cfg = () => ctx.config.get();
  const http = Fastify({
    logger: opts.logger === false ? false : loggerOptions(cfg().LogSettings),
    // Hard ceiling; the live ServiceSettings.MaximumPayloadSizeBytes is checked per request below.
    bodyLimit: 64 * 1024 * 1024,
    genReqId: () => newId(),
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: true },
    // A malformed URL (bad percent-encoding, over-long parameter) is answered before any hook runs: give it the
    // same headers and AppError body as every other response.
    frameworkErrors: (err, req, rawReply) => {
      const reply = rawReply as FastifyReply;
      const appErr =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new AppError('api.context.invalid_url_param.app_error', 'A parameter in the request URL is too long.', 400)
          : new AppError('api.context.invalid_url.app_error', 'The request URL is not valid.', 400);
      // No onSend hook runs here, and Fastify would add "; charset=utf-8", which Client4 does not parse: write it raw.
      const body = JSON.stringify(appErr.toJSON(req.id));
      reply.hijack();
      reply.raw.writeHead(400, {
        'X-Request-Id': req.id,
        'X-Version-Id': versionHeader(ctx.config.hash()),
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
      });
      reply.raw.end(body);
    },
  });

  await http.register(cookie);
  http.decorateRequest('session', null);
  http.decorateRequest('authError', null);

  // Mattermost reads API bodies as JSON whatever the Content-Type says; multipart uploads get their own parser.
  http.removeAllContentTypeParsers();
  http.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new AppError('api.context.invalid_body_param.app_error', 'The request body is not valid JSON.', 400), undefined);
    }
  });

  const limiter = new RateLimiter(() => cfg().RateLimitSettings);

  http.addHook('onRequest', async (req, reply) => {
    reply.header('X-Request-Id', req.id);
    reply.header('X-Version-Id', versionHeader(ctx.config.hash()));
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > cfg().ServiceSettings.MaximumPayloadSizeBytes && !isUpload(req.url)) {
      throw new AppError('api.context.request_body_too_large.app_error', `The request body is larger than the limit of ${cfg().ServiceSettings.MaximumPayloadSizeBytes} bytes.`, 413);
    }
    if (opts.local) {
      // Only the server's own user can open the socket (mode 0600): that is the authentication.
      req.session = localSession(ctx.now());
      return;
    }
    // As in Mattermost, a bad token only fails routes that need a session; the router raises req.authError there.
    try {
      req.session = await resolveSession(ctx, req);
    } catch (err) {
      req.authError = err as AppError;
    }
    if (!limiter.check(req, reply, req.session?.user_id)) {
      throw new AppError('api.context.rate_limited.app_error', 'limit exceeded', 429);
    }
  });

  // Client4 only parses a body as JSON when Content-Type is exactly application/json.
  // Once shutdown has begun, each answer closes its connection: a keep-alive client would otherwise hold close()
  // open until its idle timeout (72 s), long after the last request in flight has been answered.
  let shuttingDown = false;
  http.addHook('preClose', async () => {
    shuttingDown = true;
  });

  http.addHook('onSend', async (_req, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/json')) reply.header('content-type', 'application/json');
    if (_req.method === 'GET' && String(_req.url).startsWith('/api/')) reply.header('Expires', '0');
    if (shuttingDown) reply.header('Connection', 'close');
    return payload;
  });

  http.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    const appErr = toAppError(err);
    if (appErr.statusCode >= 500) req.log.error({ err }, 'request failed');
    const body = appErr.toJSON(req.id);
    if (!cfg().ServiceSettings.EnableDeveloper && appErr.statusCode >= 500) body.detailed_error = '';
    reply.code(appErr.statusCode).type('application/json').send(body);
  });

  http.setNotFoundHandler((req, reply) => {
    const err = new AppError('api.context.404.app_error', 'Sorry, we could not find the page.', 404, `There doesn't appear to be an api call for the url='${req.url.split('?')[0]}'.`);
    reply.code(404).type('application/json').send(err.toJSON(req.id));
  });

  await registerApi(http, ctx);
  return http;
}

const isUpload = (url: string) => url.startsWith('/api/v4/files') || url.startsWith('/api/v4/uploads');

function toAppError(err: FastifyError | AppError): AppError {
  if (err instanceof AppError) return err;
  const e = err as FastifyError;
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('api.context.request_body_too_large.app_error', 'The request body is too large.', 413);
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('api.context.invalid_body_param.app_error', 'Unsupported content type.', 415);
  if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new AppError('api.context.invalid_body_param.app_error', 'The request body is not valid JSON.', 400);
  }
  if (e.statusCode && e.statusCode < 500) return new AppError('api.context.invalid_request.app_error', e.message, e.statusCode);
  return new AppError('api.context.internal_error.app_error', 'An internal error occurred.', 500, e.message);
}

function loggerOptions(log: { EnableConsole: boolean; ConsoleLevel: string }) {
  if (!log.EnableConsole) return false;
  return {
    level: log.ConsoleLevel.toLowerCase(),
    // Credentials never reach the log.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["token"]', 'res.headers["set-cookie"]'],
  };
}
