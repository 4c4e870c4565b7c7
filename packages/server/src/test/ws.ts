import { WebSocket } from 'ws';
import mattermost from '@mattermost/client';
import type { RunningServer } from '../main.ts';

export type Frame = { event?: string; data?: Record<string, unknown>; broadcast?: Record<string, unknown>; seq?: number; seq_reply?: number; status?: string; error?: unknown };

/**
 * A raw Mattermost-protocol socket for tests: every frame is kept in order, and `next` waits for the first
 * frame (not yet taken) that matches.
 */
export class TestSocket {
  readonly frames: Frame[] = [];
  private taken = new Set<number>();
  private waiters: Array<() => void> = [];
  private actionSeq = 1;
  closed: Promise<{ code: number }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      this.frames.push(JSON.parse(raw.toString()) as Frame);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => {
      resolve({ code });
      for (const w of this.waiters.splice(0)) w();
    }));
  }

  /** Opens a socket; with a token in `header`, authenticated at upgrade as a browser with cookies would be. */
  static async open(baseUrl: string, opts: { token?: string; query?: string } = {}): Promise<TestSocket> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/v4/websocket${opts.query ? `?${opts.query}` : ''}`;
    const ws = new WebSocket(url, opts.token ? { headers: { Authorization: `Bearer ${opts.token}` } } : {});
    const s = new TestSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    return s;
  }

  send(action: string, data: unknown = {}): number {
    const seq = this.actionSeq++;
    this.ws.send(JSON.stringify({ action, seq, data }));
    return seq;
  }

  /** Waits for the first frame not yet taken that matches pred, and takes it. Rejects when the socket closes first. */
  async next(pred: (f: Frame) => boolean = () => true): Promise<Frame> {
    for (;;) {
      for (let i = 0; i < this.frames.length; i++) {
        if (this.taken.has(i) || !pred(this.frames[i]!)) continue;
        this.taken.add(i);
        return this.frames[i]!;
      }
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('socket closed while waiting for a frame');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  event(name: string): Promise<Frame> {
    return this.next((f) => f.event === name);
  }

  reply(seq: number): Promise<Frame> {
    return this.next((f) => f.seq_reply === seq);
  }

  /** Frames received so far that are events (not replies), in order. */
  events(): Frame[] {
    return this.frames.filter((f) => f.event !== undefined);
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * Resolves once the server has noticed that the user has no connection left (presence went offline). Call it before
 * the socket closes: a client sees its socket closed before the server's side, in another process, has said so.
 */
export function serverSeesOffline(server: RunningServer, userId: string): Promise<void> {
  const hub = server.hub;
  const previous = hub.onUserOnline;
  return new Promise((resolve) => {
    hub.onUserOnline = (id, online) => {
      previous(id, online);
      if (id !== userId || online) return;
      hub.onUserOnline = previous;
      resolve();
    };
  });
}

/** Makes @mattermost/client's WebSocketClient usable in Node: it expects browser globals. */
export function mattermostWebSocketClient() {
  const g = globalThis as Record<string, unknown>;
  g.WebSocket ??= WebSocket;
  g.CloseEvent ??= class CloseEvent extends Event {
    code: number;
    constructor(type: string, init: { code?: number } = {}) {
      super(type);
      this.code = init.code ?? 0;
    }
  };
  return new mattermost.WebSocketClient({ newWebSocketFn: (url: string) => new WebSocket(url) as never });
}
