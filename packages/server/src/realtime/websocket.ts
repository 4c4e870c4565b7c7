import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { authenticateToken, type Session } from '../app/sessions.ts';
import { upgradeOf, type Establish, type HostEvent } from './socket-host.ts';
import { eventBody, type Hub } from './hub.ts';
import { API_VERSION, versionHeader } from '../version.ts';
import { handleAction, type ActionReply } from './actions.ts';

const PATH = /^\/api\/v4\/websocket\/?(\?|$)/;

/** A socket as the main process sees it: its session once authenticated, and the resume it asked for. */
type SocketState = { session?: Session; resume: Pick<Establish, 'resumeId' | 'resumeSeq'>; queue: Promise<void> };

/**
 * Mattermost's WebSocket at /api/v4/websocket: authentication by cookie, Authorization header or the
 * authentication_challenge action; hello with connection_id; replies with seq_reply; resume with
 * connection_id + sequence_number, replaying what was missed or starting afresh with a new hello. This is the
 * main process's half: it checks each upgrade, answers client actions and feeds the hub; the socket host
 * (socket-host.ts, in the gateway process) holds the sockets.
 */
export function attachWebSocket(http: FastifyInstance, ctx: AppContext, hub: Hub): void {
  const sockets = new Map<number, SocketState>();
  let nextSock = 1;

  hub.host.onEvent = (e: HostEvent) => {
    switch (e.t) {
      case 'message': {
        const state = sockets.get(e.sock);
        if (!state) return;
        // Messages are handled one at a time, in order: a ping sent right after the challenge waits for it.
        state.queue = state.queue.then(async () => {
          const reply = await onMessage(e.sock, state, e.text);
          if (reply) hub.host.send(e.sock, JSON.stringify(reply));
        });
        return;
      }
      case 'opened':
        hub.opened(e);
        // A new connection's first event, numbered in line with the rest (seq 0).
        if (!e.resumed) hub.host.deliver(hello(e.id, e.userId), [e.ref]);
        return;
      case 'detached':
        return hub.detached(e.ref);
      case 'removed':
        return hub.removed(e.ref);
      case 'closed':
        sockets.delete(e.sock);
        return;
    }
  };

  http.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!PATH.test(req.url ?? '')) {
      socket.destroy();
      return;
    }
    if (!originAllowed(ctx, req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    void (async () => {
      let session: Session | undefined;
      const token = tokenFromUpgrade(req);
      if (token) {
        session = await authenticateToken(ctx, token, { forReads: false }).catch(() => undefined);
        if (!session) {
          socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
          return;
        }
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const resume = { resumeId: url.searchParams.get('connection_id') ?? '', resumeSeq: Number(url.searchParams.get('sequence_number') ?? '0') };
      const sock = nextSock++;
      sockets.set(sock, { session, resume, queue: Promise.resolve() });
      hub.host.adopt(sock, socket, upgradeOf(req, head), session ? { userId: session.user_id, sessionId: session.id, ...resume } : undefined);
    })();
  });

  http.addHook('preClose', () => hub.close());

  async function onMessage(sock: number, state: SocketState, text: string): Promise<ActionReply | undefined> {
    let msg: { action?: unknown; seq?: unknown; data?: unknown };
    try {
      msg = JSON.parse(text);
    } catch {
      return undefined;
    }
    const seq = typeof msg.seq === 'number' && msg.seq > 0 ? msg.seq : 0;
    if (typeof msg.action !== 'string' || msg.action === '' || seq === 0) return undefined;
    const data = (typeof msg.data === 'object' && msg.data !== null ? msg.data : {}) as Record<string, unknown>;
    if (!state.session) {
      if (msg.action !== 'authentication_challenge') return fail(seq, 'api.web_socket_router.not_authenticated.app_error', 'The connection is not authenticated.');
      const session = typeof data.token === 'string' ? await authenticateToken(ctx, data.token, { forReads: false }).catch(() => undefined) : undefined;
      if (!session) {
        hub.host.send(sock, JSON.stringify(fail(seq, 'api.web_socket_router.bad_token.app_error', 'Invalid or expired session.')), [4001, 'authentication failed']);
        return undefined;
      }
      hub.host.send(sock, JSON.stringify({ status: 'OK', seq_reply: seq }));
      state.session = session;
      hub.host.establish(sock, { userId: session.user_id, sessionId: session.id, ...state.resume });
      return undefined;
    }
    if (msg.action === 'authentication_challenge') return { status: 'OK', seq_reply: seq };
    return handleAction(ctx, state.session.user_id, msg.action, seq, data);
  }

  /** The first event of a new connection, seq 0: its id, which the client sends back to resume. */
  function hello(connectionId: string, userId: string): string {
    return eventBody({
      event: 'hello',
      data: { server_version: versionHeader(ctx.config.hash()), connection_id: connectionId, server_hostname: hostname(), api_version: API_VERSION },
      broadcast: { user_id: userId },
    });
  }
}

const fail = (seq: number, id: string, message: string): ActionReply => ({ status: 'FAIL', seq_reply: seq, error: { id, message } });

function tokenFromUpgrade(req: IncomingMessage): string | undefined {
  const cookies = req.headers.cookie ?? '';
  const match = /(?:^|;\s*)MMAUTHTOKEN=([^;]+)/.exec(cookies);
  if (match) return decodeURIComponent(match[1]!);
  const auth = req.headers.authorization;
  const bearer = auth ? /^(bearer|token)\s+(\S+)$/i.exec(auth.trim()) : null;
  if (bearer) return bearer[2];
  return undefined;
}

/** As Mattermost: with AllowCorsFrom empty the Origin's host must be the Host; otherwise the listed origins (or *). */
function originAllowed(ctx: AppContext, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  const allowed = ctx.config.get().ServiceSettings.AllowCorsFrom.trim();
  if (allowed === '*') return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (host === req.headers.host) return true;
  const siteUrl = ctx.config.get().ServiceSettings.SiteURL;
  const list = allowed.split(/\s+/).filter(Boolean);
  if (siteUrl) list.push(siteUrl);
  return list.some((o) => o.replace(/\/$/, '') === origin);
}
