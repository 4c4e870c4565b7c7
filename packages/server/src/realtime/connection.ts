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
  /** The last REPLAY_BUFFER events, oldest first, with their seq. */
  private recent: Array<{ seq: number; frame: string }> = [];
  detachedAt = 0;

  constructor(
    readonly id: string,
    readonly userId: string,
    readonly sessionId: string,
    socket: WebSocket,
  ) {
    this.socket = socket;
  }

  /** Adds this connection's seq to an event serialised once for all recipients (the body without its closing brace). */
  deliver(body: string): void {
    const frame = `${body},"seq":${this.seq}}`;
    this.remember(this.seq, frame);
    this.seq++;
    this.write(frame);
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

  private remember(seq: number, frame: string): void {
    this.recent.push({ seq, frame });
    if (this.recent.length > REPLAY_BUFFER) this.recent.shift();
  }

  /** The frames from seq onwards, or undefined when some of them are gone. */
  since(seq: number): string[] | undefined {
    if (seq === this.seq) return [];
    const first = this.recent[0];
    if (!first || seq < first.seq || seq > this.seq) return undefined;
    return this.recent.filter((r) => r.seq >= seq).map((r) => r.frame);
  }
}
