import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { Establish, HostEvent, SocketHost, Upgrade } from './socket-host.ts';

/** What the main process tells the gateway process (the head bytes travel as base64 in JSON). */
export type GatewayCommand =
  | { t: 'adopt'; sock: number; url: string; headers: Record<string, string>; head: string; establish?: Establish }
  | { t: 'establish'; sock: number; e: Establish }
  | { t: 'send'; sock: number; frame: string; close?: [number, string] }
  | { t: 'deliver'; body: string; refs: number[] }
  | { t: 'end'; refs: number[]; code: number; reason: string }
  | { t: 'flush'; n: number }
  | { t: 'close' };

/** What the gateway process tells the main process. */
export type GatewayMessage = HostEvent | { t: 'ready' } | { t: 'flushed'; n: number };

const CHILD = new URL('./gateway-child.ts', import.meta.url);
/** How long a gateway may take to start before the server keeps its sockets in-process instead. */
const START_TIMEOUT_MS = 15_000;
/** How long a closing gateway may take to say goodbye to its sockets before it is killed. */
const CLOSE_TIMEOUT_MS = 3_000;

let bundled: Promise<string> | undefined;

/**
 * The gateway's code as one plain-JavaScript file, built once per process. Run through tsx, as the main process is,
 * the gateway would carry a TypeScript compiler and Node's module-hooks thread for its life: 83 MB at rest instead of
 * 57, to hold a few small modules that never change while it runs.
 */
export function gatewayScript(): Promise<string> {
  return (bundled ??= (async () => {
    const esbuild = await import('esbuild');
    try {
      const out = await esbuild.build({
        entryPoints: [fileURLToPath(CHILD)],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        write: false,
        logLevel: 'silent',
      });
      // import.meta, say, would be empty in this format: a gateway built with a warning is a gateway that breaks.
      if (out.warnings.length) throw new Error(`the WebSocket gateway's script: ${out.warnings.map((w) => w.text).join('; ')}`);
      return out.outputFiles[0]!.text;
    } finally {
      // esbuild's service process would otherwise live as long as the server.
      await esbuild.stop();
    }
  })());
}

/**
 * The socket host in a child process: the main process authenticates a WebSocket upgrade and hands the TCP socket
 * over (Node passes sockets to child processes, not to worker threads); the gateway does the handshake, and from then
 * on writes every event to the sockets, on the machine's other core. Events travel once per publish, with the list of
 * recipient connections. A gateway that dies is replaced at once: its sockets are gone, so every connection is
 * reported removed and the clients reconnect and resync, as after a server restart.
 */
export class GatewaySocketHost implements SocketHost {
  onEvent: (e: HostEvent) => void = () => undefined;
  /** Resolves when the first gateway is running; rejects when it could not start. */
  readonly ready: Promise<void>;
  /** Unset while the first gateway's script is being built. */
  private child: ChildProcess | undefined;
  private sockets = new Set<number>();
  private refs = new Set<number>();
  /** Sockets on their way to the gateway: if it dies first, they are closed here (the client reconnects). */
  private handing = new Map<number, Socket>();
  private flushes = new Map<number, () => void>();
  private nextFlush = 0;
  private closing = false;
  /** Commands for a gateway that is starting: one that has not said ready may not be listening yet, and would drop them. */
  private waiting: Array<() => void> | undefined = [];
  /** A gateway has been ready once: from then on one that dies is replaced (before, the server falls back). */
  private served = false;

  constructor(private readonly log: (msg: string, err?: unknown) => void) {
    this.ready = this.start();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private async start(): Promise<void> {
    const script = await gatewayScript();
    if (this.closing) throw new Error('the server closed before its WebSocket gateway started');
    // A profiled server profiles its gateway too. The script comes on standard input (`node -`): no file to clean up.
    const flags = process.execArgv.filter((a) => a.startsWith('--cpu-prof') || a.startsWith('--max-old-space-size'));
    const child = spawn(process.execPath, [...flags, '-'], { stdio: ['pipe', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    // A gateway that dies before it has read its script is reported by its exit, not by a write error here.
    child.stdin!.on('error', () => undefined).end(script);
    this.child = child;
    this.waiting ??= [];
    // The gateway never keeps the server's process alive by itself; it exits when the IPC channel closes.
    child.unref();
    child.channel?.unref();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('the WebSocket gateway did not start in time'));
        child.kill('SIGKILL');
      }, START_TIMEOUT_MS);
      child.on('message', (m: GatewayMessage) => {
        if (m.t === 'ready') {
          clearTimeout(timer);
          const waiting = this.waiting ?? [];
          this.waiting = undefined;
          this.served = true;
          for (const run of waiting) run();
          resolve();
        } else this.received(m);
      });
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the WebSocket gateway exited (${signal ?? code})`));
        if (child === this.child) this.exited(code, signal);
      });
    });
  }

  private received(m: GatewayMessage): void {
    switch (m.t) {
      case 'flushed':
        this.flushes.get(m.n)?.();
        this.flushes.delete(m.n);
        return;
      case 'opened':
        this.refs.add(m.ref);
        break;
      case 'removed':
        this.refs.delete(m.ref);
        break;
      case 'closed':
        this.sockets.delete(m.sock);
        break;
    }
    this.onEvent(m as HostEvent);
  }

  /** Its sockets died with it: forget them, and start another gateway unless the server is shutting down. */
  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    for (const socket of this.handing.values()) socket.destroy();
    this.handing.clear();
    for (const ref of this.refs) this.onEvent({ t: 'removed', ref });
    for (const sock of this.sockets) this.onEvent({ t: 'closed', sock });
    this.refs.clear();
    this.sockets.clear();
    for (const resolve of this.flushes.values()) resolve();
    this.flushes.clear();
    if (this.closing || !this.served) return;
    this.log(`the WebSocket gateway exited (${signal ?? code}); starting another`);
    // One that died before it was ready is retried after a pause, not in a tight loop.
    const pause = this.waiting ? 1000 : 0;
    this.waiting ??= [];
    setTimeout(() => {
      if (!this.closing) this.start().catch((err) => this.log('the WebSocket gateway could not be restarted', err));
    }, pause).unref();
  }

  private command(cmd: GatewayCommand): void {
    if (this.waiting) this.waiting.push(() => this.command(cmd));
    else if (this.child?.connected) this.child.send(cmd);
  }

  adopt(sock: number, socket: Duplex, upgrade: Upgrade, establish?: Establish): void {
    // Only a plain TCP socket can change process: a TLS socket's state lives here (a TLS listener keeps its sockets
    // in-process, with LocalSocketHost).
    if (!(socket instanceof Socket) || socket instanceof TLSSocket) {
      socket.destroy();
      return;
    }
    if (this.waiting) {
      this.waiting.push(() => this.adopt(sock, socket, upgrade, establish));
      return;
    }
    const child = this.child;
    if (!child?.connected) {
      socket.destroy();
      return;
    }
    this.sockets.add(sock);
    // Node would track a socket sent with its net.Server for cluster's sake, and at close wait for the child to
    // report it closed — forever, once that child has exited. The socket is the gateway's alone from here on.
    (socket as { server?: unknown }).server = null;
    const cmd: GatewayCommand = { t: 'adopt', sock, url: upgrade.url, headers: upgrade.headers, head: upgrade.head.toString('base64'), establish };
    this.handing.set(sock, socket);
    child.send(cmd, socket, { keepOpen: true }, (err: Error | null) => {
      // The gateway has its own copy now; this one is spent either way (destroying it closes only this process's
      // descriptor, and lets the HTTP server count the connection closed).
      this.handing.delete(sock);
      socket.destroy();
      if (err) this.received({ t: 'closed', sock });
    });
  }

  establish(sock: number, e: Establish): void {
    this.command({ t: 'establish', sock, e });
  }

  send(sock: number, frame: string, close?: [number, string]): void {
    this.command({ t: 'send', sock, frame, close });
  }

  deliver(body: string, refs: number[]): void {
    this.command({ t: 'deliver', body, refs });
  }

  end(refs: number[], code: number, reason: string): void {
    this.command({ t: 'end', refs, code, reason });
  }

  flushed(): Promise<void> {
    if (!this.waiting && !this.child?.connected) return Promise.resolve();
    const n = this.nextFlush++;
    return new Promise((resolve) => {
      this.flushes.set(n, resolve);
      this.command({ t: 'flush', n });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const kill = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
    this.command({ t: 'close' });
    await exited;
    clearTimeout(kill);
  }
}
