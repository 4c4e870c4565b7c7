import type { WebSocket } from 'ws';

/** How many recent events a connection keeps for replay after a reconnect (Mattermost keeps 128). */
export const REPLAY_BUFFER = 128;
/** A connection whose unsent bytes pass this is too slow to keep: it is closed, so memory stays bounded. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** How long a dropped connection's replay buffer waits for the client to come back. */
export const RESUME_WINDOW_MS = 5 * 60 * 1000;

/**
 * One client connection as the hub sees it. It outlives its socket for RESUME_WINDOW_MS so a client that reconnects
 * with connection_id and sequence_number gets what it missed.
 */
export class Connection {
  socket: WebSocket | null;
  /** The next seq to assign. */
  seq = 0;
  /**
   * The bodies of the last REPLAY_BUFFER events, a ring indexed by seq % REPLAY_BUFFER. A body is the string the hub
   * serialised once for every recipient, so keeping it costs a pointer; the frame (body + seq) is rebuilt on replay.
   */
  private recent: string[] = [];
  detachedAt = 0;

  constructor(
    readonly id: string,
    /** A small number naming the connection between the main process and the socket host (cheaper than the id). */
    readonly ref: number,
    readonly userId: string,
    readonly sessionId: string,
    socket: WebSocket,
  ) {
    this.socket = socket;
  }

  /** Adds this connection's seq to an event serialised once for all recipients (the body without its closing brace). */
  deliver(body: string): void {
    const seq = this.seq++;
    this.recent[seq % REPLAY_BUFFER] = body;
    this.write(frameOf(body, seq));
  }

  /** Sends a reply or other frame that carries no seq. */
  write(frame: string): void {
    const s = this.socket;
    if (!s || s.readyState !== s.OPEN) return;
    if (s.bufferedAmount > MAX_BUFFERED_BYTES) {
      s.terminate();
      return;
    }
    s.send(frame);
  }

  /** The frames from seq onwards, or undefined when some of them are gone. */
  since(seq: number): string[] | undefined {
    if (seq === this.seq) return [];
    if (seq < 0 || seq > this.seq || seq < this.seq - REPLAY_BUFFER) return undefined;
    const out: string[] = [];
    for (let s = seq; s < this.seq; s++) out.push(frameOf(this.recent[s % REPLAY_BUFFER]!, s));
    return out;
  }
}

const frameOf = (body: string, seq: number) => `${body},"seq":${seq}}`;
