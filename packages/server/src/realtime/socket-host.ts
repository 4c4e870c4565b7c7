import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { newId } from '../app/ids.ts';
import { Connection, RESUME_WINDOW_MS } from './connection.ts';

/**
 * The part of the WebSocket server that holds the sockets: handshake, framing, pings, each connection's seq and replay
 * buffer, the slow-consumer cut-off. It decides nothing about who may see what: the main process authenticates,
 * chooses the recipients of each event and answers client actions, and talks to the host through the commands below.
 * The host runs in the gateway process (gateway.ts), so that writing one event to a thousand sockets uses the second
 * core, or in the main process (LocalSocketHost directly) where a socket cannot be handed to another process.
 */
export interface SocketHost {
  /** Takes over an upgrade request's socket (the main process has checked path, origin and any token). */
  adopt(sock: number, socket: Duplex, upgrade: Upgrade, establish?: Establish): void;
  /** The socket's user is known (token at upgrade or authentication_challenge): resume or start a connection. */
  establish(sock: number, e: Establish): void;
  /** Writes a frame that carries no seq (an action's reply) to one socket, then closes it when `close` is given. */
  send(sock: number, frame: string, close?: [code: number, reason: string]): void;
  /** Delivers an event serialised once (the body without its closing brace) to the given connections. */
  deliver(body: string, refs: number[]): void;
  /** Closes these connections' sockets and forgets them (ended sessions). */
  end(refs: number[], code: number, reason: string): void;
  /** Resolves once everything sent before has been written to the sockets. */
  flushed(): Promise<void>;
  close(): Promise<void>;
  /** Where the host reports what happened; set by the main process before the first adopt(). */
  onEvent: (e: HostEvent) => void;
}

/** What the host needs of an upgrade request: only the handshake's own headers, never cookies or tokens. */
export type Upgrade = { url: string; headers: Record<string, string>; head: Buffer };

export type Establish = {
  userId: string;
  sessionId: string;
  /** connection_id and sequence_number from the URL, when the client asks to resume. */
  resumeId: string;
  resumeSeq: number;
};

export type HostEvent =
  /** A text frame from a socket. */
  | { t: 'message'; sock: number; text: string }
  /** An established socket's connection: new (the main process says hello on it) or resumed (missed events replayed). */
  | { t: 'opened'; sock: number; ref: number; id: string; userId: string; sessionId: string; resumed: boolean }
  /** The connection lost its socket and waits RESUME_WINDOW_MS for the client to come back. */
  | { t: 'detached'; ref: number }
  | { t: 'removed'; ref: number }
  /** The socket is gone (its connection, if any, was reported detached or removed first). */
  | { t: 'closed'; sock: number };

const HANDSHAKE_HEADERS = ['upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions'];

/** The handshake headers of an upgrade request, for a host in another process. */
export function upgradeOf(req: IncomingMessage, head: Buffer): Upgrade {
  const headers: Record<string, string> = {};
  for (const name of HANDSHAKE_HEADERS) {
    const v = req.headers[name];
    if (typeof v === 'string') headers[name] = v;
  }
  return { url: req.url ?? '/', headers, head };
}

/** An unauthenticated socket must send authentication_challenge within this time. */
const AUTH_TIMEOUT_MS = 5000;
const PING_INTERVAL_MS = 60_000;
const PING_SLICES = 60;
const MAX_MESSAGE_BYTES = 64 * 1024;

type HostedSocket = WebSocket & {
  sock: number;
  conn?: Connection;
  authTimer?: NodeJS.Timeout;
  /** Answered the last ping; and which slice of the ping interval it is pinged in. */
  alive: boolean;
  pingSlice: number;
};

/** The sockets and connections themselves: used in the gateway process, or in the main process as a fallback. */
export class LocalSocketHost implements SocketHost {
  onEvent: (e: HostEvent) => void = () => undefined;
  // The host keeps its own map of sockets (by the main process's number), so ws need not track them too.
  private wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: MAX_MESSAGE_BYTES });
  private sockets = new Map<number, HostedSocket>();
  private byRef = new Map<number, Connection>();
  private byId = new Map<string, Connection>();
  private nextRef = 1;
  private nextSlice = 0;
  private timers: NodeJS.Timeout[];

  constructor() {
    // Every socket is pinged once per PING_INTERVAL_MS, a slice of them each second rather than all at once: 5,000
    // pings in one go (and the 5,000 pongs right after) would hold the event loop for ≈ 100 ms.
    let slice = 0;
    const pinger = setInterval(() => {
      slice = (slice + 1) % PING_SLICES;
      for (const ws of this.sockets.values()) {
        if (ws.pingSlice !== slice) continue;
        if (!ws.alive) {
          ws.terminate();
          continue;
        }
        ws.alive = false;
        ws.ping();
      }
    }, PING_INTERVAL_MS / PING_SLICES);
    const reaper = setInterval(() => this.reap(), 30_000);
    this.timers = [pinger, reaper];
    for (const t of this.timers) t.unref();
  }

  adopt(sock: number, socket: Duplex, upgrade: Upgrade, establish?: Establish): void {
    const req = { method: 'GET', url: upgrade.url, headers: upgrade.headers } as unknown as IncomingMessage;
    // A handshake that fails (or a client gone while its socket travelled) never reaches the callback below.
    let upgraded = false;
    socket.once('close', () => {
      if (!upgraded) this.onEvent({ t: 'closed', sock });
    });
    this.wss.handleUpgrade(req, socket, upgrade.head, (raw) => {
      upgraded = true;
      const ws = Object.assign(raw, { sock, alive: true, pingSlice: this.nextSlice++ % PING_SLICES }) as HostedSocket;
      this.sockets.set(sock, ws);
      ws.on('pong', () => (ws.alive = true));
      ws.on('message', (data: RawData, isBinary: boolean) => {
        if (!isBinary) this.onEvent({ t: 'message', sock, text: data.toString() });
      });
      ws.on('close', () => this.closed(ws));
      ws.on('error', () => ws.terminate());
      if (establish) this.establish(sock, establish);
      else {
        ws.authTimer = setTimeout(() => {
          if (!ws.conn) ws.close(4001, 'authentication required');
        }, AUTH_TIMEOUT_MS);
      }
    });
  }

  establish(sock: number, e: Establish): void {
    const ws = this.sockets.get(sock);
    if (!ws || ws.conn) return;
    clearTimeout(ws.authTimer);
    const resumed = this.resume(ws, e);
    const conn = resumed ?? new Connection(newId(), this.nextRef++, e.userId, e.sessionId, ws);
    ws.conn = conn;
    if (!resumed) {
      this.byRef.set(conn.ref, conn);
      this.byId.set(conn.id, conn);
    }
    this.onEvent({ t: 'opened', sock, ref: conn.ref, id: conn.id, userId: conn.userId, sessionId: conn.sessionId, resumed: !!resumed });
  }

  /** Picks a dropped connection back up and replays what it missed, or returns undefined to start afresh. */
  private resume(ws: HostedSocket, e: Establish): Connection | undefined {
    if (!e.resumeId || !Number.isInteger(e.resumeSeq)) return undefined;
    const conn = this.byId.get(e.resumeId);
    if (!conn || conn.userId !== e.userId) return undefined;
    const missed = conn.since(e.resumeSeq);
    if (!missed) {
      this.remove(conn);
      return undefined;
    }
    const old = conn.socket;
    conn.socket = ws;
    conn.detachedAt = 0;
    if (old && old !== ws) old.terminate();
    for (const frame of missed) conn.write(frame);
    return conn;
  }

  send(sock: number, frame: string, close?: [number, string]): void {
    const ws = this.sockets.get(sock);
    if (!ws) return;
    if (ws.conn?.socket === ws) ws.conn.write(frame);
    else if (ws.readyState === ws.OPEN) ws.send(frame);
    if (close) ws.close(close[0], close[1]);
  }

  deliver(body: string, refs: number[]): void {
    for (const ref of refs) this.byRef.get(ref)?.deliver(body);
  }

  end(refs: number[], code: number, reason: string): void {
    for (const ref of refs) {
      const conn = this.byRef.get(ref);
      if (!conn) continue;
      conn.socket?.close(code, reason);
      this.remove(conn);
    }
  }

  flushed(): Promise<void> {
    return Promise.resolve();
  }

  private closed(ws: HostedSocket): void {
    clearTimeout(ws.authTimer);
    this.sockets.delete(ws.sock);
    const conn = ws.conn;
    if (conn && conn.socket === ws && this.byRef.has(conn.ref)) {
      conn.socket = null;
      conn.detachedAt = Date.now();
      this.onEvent({ t: 'detached', ref: conn.ref });
    }
    this.onEvent({ t: 'closed', sock: ws.sock });
  }

  private remove(conn: Connection): void {
    if (!this.byRef.delete(conn.ref)) return;
    this.byId.delete(conn.id);
    this.onEvent({ t: 'removed', ref: conn.ref });
  }

  private reap(): void {
    const cutoff = Date.now() - RESUME_WINDOW_MS;
    for (const conn of this.byRef.values()) if (!conn.socket && conn.detachedAt < cutoff) this.remove(conn);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    const open = [...this.sockets.values()];
    for (const ws of open) ws.close(1001, 'server shutting down');
    // Clients get the close frame; one that does not answer the close handshake promptly is cut.
    const cut = setTimeout(() => open.forEach((ws) => ws.terminate()), 500);
    await Promise.all(open.map((ws) => (ws.readyState === ws.CLOSED ? undefined : new Promise((resolve) => ws.once('close', resolve)))));
    clearTimeout(cut);
    this.wss.close();
  }
}
