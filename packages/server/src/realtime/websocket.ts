import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { hostname } from 'node:os';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { authenticateToken, type Session } from '../app/sessions.ts';
import { newId } from '../app/ids.ts';
import { Connection } from './connection.ts';
import type { Hub } from './hub.ts';
import { API_VERSION } from '../version.ts';
import { versionHeader } from '../version.ts';
import { handleAction, type ActionReply } from './actions.ts';

const PATH = /^\/api\/v4\/websocket\/?(\?|$)/;
/** An unauthenticated socket must send authentication_challenge within this time. */
const AUTH_TIMEOUT_MS = 5000;
const PING_INTERVAL_MS = 60_000;
const PING_SLICES = 60;
/** A socket as the pinger sees it: answered the last ping, and which slice of the interval it is pinged in. */
type Pinged = WebSocket & { alive?: boolean; pingSlice?: number };
const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * Mattermost's WebSocket at /api/v4/websocket: authentication by cookie, Authorization header or the
 * authentication_challenge action; hello with connection_id; replies with seq_reply; resume with
 * connection_id + sequence_number, replaying what was missed or starting afresh with a new hello.
 */
export function attachWebSocket(http: FastifyInstance, ctx: AppContext, hub: Hub): void {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_MESSAGE_BYTES });

  http.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
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
        session = await authenticateToken(ctx, token).catch(() => undefined);
        if (!session) {
          socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
          return;
        }
      }
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req, session));
    })();
  });

  // Every connection is pinged once per PING_INTERVAL_MS, a slice of them each second rather than all at once: 5,000
  // pings in one go (and the 5,000 pongs right after) would hold the event loop for ≈ 100 ms.
  let slice = 0;
  let nextSlice = 0;
  const pinger = setInterval(() => {
    slice = (slice + 1) % PING_SLICES;
    for (const ws of wss.clients) {
      const state = ws as Pinged;
      if (state.pingSlice !== slice) continue;
      if (state.alive === false) {
        ws.terminate();
        continue;
      }
      state.alive = false;
      ws.ping();
    }
  }, PING_INTERVAL_MS / PING_SLICES);
  pinger.unref();

  http.addHook('preClose', async () => {
    clearInterval(pinger);
    hub.close();
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  });

  function accept(ws: WebSocket, req: IncomingMessage, upgradeSession: Session | undefined): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const resumeId = url.searchParams.get('connection_id') ?? '';
    const resumeSeq = Number(url.searchParams.get('sequence_number') ?? '0');
    let conn: Connection | undefined;
    // Messages are handled one at a time, in order: a ping sent right after the challenge waits for it.
    let queue: Promise<void> = Promise.resolve();
    (ws as Pinged).alive = true;
    (ws as Pinged).pingSlice = nextSlice++ % PING_SLICES;
    ws.on('pong', () => ((ws as Pinged).alive = true));

    const timer = upgradeSession
      ? undefined
      : setTimeout(() => {
          if (!conn) ws.close(4001, 'authentication required');
        }, AUTH_TIMEOUT_MS);

    const establish = (session: Session) => {
      if (timer) clearTimeout(timer);
      conn = resume(ws, session, resumeId, resumeSeq) ?? fresh(ws, session);
    };

    if (upgradeSession) establish(upgradeSession);

    ws.on('message', (raw: RawData, isBinary: boolean) => {
      queue = queue.then(async () => {
        const reply = await onMessage(raw, isBinary);
        if (reply) ws.send(JSON.stringify(reply));
      });
    });

    ws.on('close', () => {
      if (timer) clearTimeout(timer);
      if (conn && conn.socket === ws) hub.detach(conn);
    });
    ws.on('error', () => ws.terminate());

    async function onMessage(raw: RawData, isBinary: boolean): Promise<ActionReply | undefined> {
      if (isBinary) return undefined;
      let msg: { action?: unknown; seq?: unknown; data?: unknown };
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        return undefined;
      }
      const seq = typeof msg.seq === 'number' && msg.seq > 0 ? msg.seq : 0;
      if (typeof msg.action !== 'string' || msg.action === '' || seq === 0) return undefined;
      const data = (typeof msg.data === 'object' && msg.data !== null ? msg.data : {}) as Record<string, unknown>;
      if (!conn) {
        if (msg.action !== 'authentication_challenge') return fail(seq, 'api.web_socket_router.not_authenticated.app_error', 'The connection is not authenticated.');
        const session = typeof data.token === 'string' ? await authenticateToken(ctx, data.token).catch(() => undefined) : undefined;
        if (!session) {
          ws.send(JSON.stringify(fail(seq, 'api.web_socket_router.bad_token.app_error', 'Invalid or expired session.')));
          ws.close(4001, 'authentication failed');
          return undefined;
        }
        ws.send(JSON.stringify({ status: 'OK', seq_reply: seq }));
        establish(session);
        return undefined;
      }
      if (msg.action === 'authentication_challenge') return { status: 'OK', seq_reply: seq };
      return handleAction(ctx, hub, conn, msg.action, seq, data);
    }
  }

  function fresh(ws: WebSocket, session: Session): Connection {
    const conn = new Connection(newId(), session.user_id, session.id, ws);
    hub.add(conn);
    const hello = JSON.stringify({
      event: 'hello',
      data: { server_version: versionHeader(ctx.config.hash()), connection_id: conn.id, server_hostname: hostname(), api_version: API_VERSION },
      broadcast: { omit_users: null, user_id: session.user_id, channel_id: '', team_id: '' },
    });
    conn.deliver(hello.slice(0, -1));
    return conn;
  }

  /** Picks a dropped connection back up and replays what it missed, or returns undefined to start afresh. */
  function resume(ws: WebSocket, session: Session, id: string, seq: number): Connection | undefined {
    if (!id || !Number.isInteger(seq)) return undefined;
    const conn = hub.connection(id);
    if (!conn || conn.userId !== session.user_id) return undefined;
    const missed = conn.since(seq);
    if (!missed) {
      hub.remove(conn);
      return undefined;
    }
    const old = conn.socket;
    hub.reattach(conn, ws);
    if (old && old !== ws) old.terminate();
    for (const frame of missed) conn.write(frame);
    return conn;
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
