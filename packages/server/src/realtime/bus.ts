/** Who may receive an event, as Mattermost's WebSocket broadcast describes it. */
export type Broadcast = {
  omit_users?: Record<string, boolean> | null;
  user_id?: string;
  channel_id?: string;
  team_id?: string;
  connection_id?: string;
  omit_connection_id?: string;
};

/** An internal event, never delivered: the listed sessions (or all of user_id's) ended, so their sockets close on every node. */
export const SESSIONS_ENDED = 'prat_sessions_ended';

/**
 * An internal event, never delivered: an administrator purged the caches (POST /caches/invalidate), so every node
 * forgets what it remembers of the database and reads it afresh — after a change made behind the server's back.
 */
export const CACHES_INVALIDATED = 'prat_caches_invalidated';

export type ServerEvent = { event: string; data: Record<string, unknown>; broadcast: Broadcast };

/**
 * Carries events from the node that committed a change to every node's connections. The in-process bus is the
 * default; a Redis bus slots in here for several nodes.
 */
export interface Bus {
  publish(event: ServerEvent): void;
  subscribe(handler: (event: ServerEvent) => void): () => void;
  close(): Promise<void>;
}

export class MemoryBus implements Bus {
  private handlers = new Set<(event: ServerEvent) => void>();

  publish(event: ServerEvent): void {
    for (const h of this.handlers) h(event);
  }

  subscribe(handler: (event: ServerEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
