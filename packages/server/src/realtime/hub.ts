import type { Store } from '../store/store.ts';
import type { ServerEvent } from './bus.ts';
import { CACHES_INVALIDATED, SESSIONS_ENDED } from './bus.ts';
import type { SocketHost } from './socket-host.ts';

/** A connection as the main process knows it: who it belongs to, and whether a socket is attached right now. */
type ConnectionRecord = { ref: number; id: string; userId: string; sessionId: string; attached: boolean };

/**
 * Decides who receives each event and hands it to the socket host (gateway.ts, socket-host.ts), which writes it.
 * Each event is serialised once; the host gives every recipient the same bytes plus its own seq. Channel and team
 * membership for delivery is kept in memory, loaded on first use and kept in step by the membership events
 * themselves. Events are delivered strictly in publish order.
 */
export class Hub {
  private byRef = new Map<number, ConnectionRecord>();
  private byUser = new Map<string, Set<ConnectionRecord>>();
  private channelMembers = new Map<string, Set<string>>();
  private teamMembers = new Map<string, Set<string>>();
  /** Called when a user's first connection opens or last one closes (presence). */
  onUserOnline: (userId: string, online: boolean) => void = () => undefined;

  constructor(
    private readonly store: Store,
    /** Where the sockets are; replaced only at start, when the gateway process could not start. */
    public host: SocketHost,
  ) {}

  isOnline(userId: string): boolean {
    for (const c of this.byUser.get(userId) ?? []) if (c.attached) return true;
    return false;
  }

  /** The host established a connection on a socket: a new one, or a dropped one resumed. */
  opened(e: Omit<ConnectionRecord, 'attached'>): void {
    const wasOnline = this.isOnline(e.userId);
    let conn = this.byRef.get(e.ref);
    if (!conn) {
      conn = { ref: e.ref, id: e.id, userId: e.userId, sessionId: e.sessionId, attached: true };
      this.byRef.set(conn.ref, conn);
      let set = this.byUser.get(conn.userId);
      if (!set) this.byUser.set(conn.userId, (set = new Set()));
      set.add(conn);
    }
    conn.attached = true;
    if (!wasOnline) this.onUserOnline(conn.userId, true);
  }

  /** The socket closed; the host keeps the connection a while so the client can resume it. */
  detached(ref: number): void {
    const conn = this.byRef.get(ref);
    if (!conn) return;
    conn.attached = false;
    if (!this.isOnline(conn.userId)) this.onUserOnline(conn.userId, false);
  }

  removed(ref: number): void {
    const conn = this.byRef.get(ref);
    if (!conn) return;
    this.byRef.delete(ref);
    const set = this.byUser.get(conn.userId);
    set?.delete(conn);
    if (set && set.size === 0) this.byUser.delete(conn.userId);
    if (conn.attached && !this.isOnline(conn.userId)) this.onUserOnline(conn.userId, false);
  }

  /** Ends the connections of ended sessions (logout, revoked token), or all of a user's (deactivation). */
  private endSessions(d: { session_ids?: string[]; user_id?: string }): void {
    const ids = new Set(d.session_ids ?? []);
    const ended = [...this.byRef.values()].filter((c) => ids.has(c.sessionId) || c.userId === d.user_id);
    if (ended.length === 0) return;
    this.host.end(ended.map((c) => c.ref), 4003, 'session ended');
    for (const c of ended) this.removed(c.ref);
  }

  /**
   * Delivers an event after every event published before it, without a promise per event: whenever the membership
   * an event needs is in memory (the usual case) nothing waits. An event whose channel or team is not loaded yet
   * waits for that load, and the events behind it wait too (publish order holds for every connection); loads start
   * as soon as an event is published, so several run at once rather than one after another.
   */
  publish(event: ServerEvent): void {
    this.queue.push(event);
    this.prefetch(event);
    // Delivered from a microtask, never inside publish(): a caller (hello, a resume's replay) finishes what it is
    // doing first, as with a promise chain. Publishing from inside a delivery only queues; the drain picks it up.
    if (!this.busy) {
      this.busy = true;
      queueMicrotask(() => this.drain());
    }
  }

  /** Resolves once everything published so far has been written to the sockets. */
  async flushed(): Promise<void> {
    if (this.queue.length > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    await this.host.flushed();
  }

  private queue: ServerEvent[] = [];
  /** Draining, or waiting for a membership load the head of the queue needs. */
  private busy = false;
  private idle: Array<() => void> = [];
  private loads = new Map<string, Promise<Set<string>>>();

  private drain(): void {
    this.busy = true;
    let next = 0;
    while (next < this.queue.length) {
      const event = this.queue[next]!;
      const load = this.needs(event);
      if (load) {
        this.queue.splice(0, next);
        load.then(
          () => this.drain(),
          () => {
            // The database failed: this event cannot be addressed. Drop it rather than stall every later one.
            this.queue.shift();
            this.drain();
          },
        );
        return;
      }
      next++;
      try {
        this.deliver(event);
      } catch {
        // One event's failure (a socket that throws) must not lose the events behind it.
      }
    }
    this.queue.length = 0;
    this.busy = false;
    for (const resolve of this.idle.splice(0)) resolve();
  }

  /** The load an event's delivery waits for, when its channel or team membership is not in memory yet. */
  private needs(event: ServerEvent): Promise<Set<string>> | undefined {
    if (event.event === SESSIONS_ENDED || event.event === CACHES_INVALIDATED) return undefined;
    const b = event.broadcast;
    if (event.event === 'leave_team' && b.team_id && !this.teamMembers.has(b.team_id)) return this.load('team', b.team_id);
    if (b.connection_id || b.user_id) return undefined;
    if (b.channel_id) return this.channelMembers.has(b.channel_id) ? undefined : this.load('channel', b.channel_id);
    if (b.team_id) return this.teamMembers.has(b.team_id) ? undefined : this.load('team', b.team_id);
    return undefined;
  }

  /** Starts the loads an event will need, without waiting for the events ahead of it. */
  private prefetch(event: ServerEvent): void {
    this.needs(event)?.catch(() => undefined);
  }

  /** Loads a channel's or team's member ids once; concurrent callers share the load. */
  private load(kind: 'channel' | 'team', id: string): Promise<Set<string>> {
    const key = `${kind}:${id}`;
    let p = this.loads.get(key);
    if (p) return p;
    const map = kind === 'channel' ? this.channelMembers : this.teamMembers;
    p = (kind === 'channel' ? this.store.channels.memberUserIds(id) : this.store.teams.memberUserIds(id)).then(
      (ids) => {
        const set = new Set(ids);
        // Dropped meanwhile (a channel changed): the next event loads it afresh.
        if (this.loads.get(key) === p) {
          this.loads.delete(key);
          if (!map.has(id)) map.set(id, set);
        }
        return set;
      },
      (err: unknown) => {
        if (this.loads.get(key) === p) this.loads.delete(key);
        throw err;
      },
    );
    this.loads.set(key, p);
    return p;
  }

  private deliver(event: ServerEvent): void {
    if (event.event === SESSIONS_ENDED) {
      this.endSessions(event.data as { session_ids?: string[]; user_id?: string });
      return;
    }
    if (event.event === CACHES_INVALIDATED) {
      // Memberships are loaded again as events need them; loads in flight are not kept (see load()).
      this.channelMembers.clear();
      this.teamMembers.clear();
      this.loads.clear();
      return;
    }
    this.trackMembership(event);
    const recipients = this.recipients(event);
    if (recipients.length > 0) this.send(event, recipients);
    // The person leaving a team hears leave_team too (clients leave the team page on it): drop them after delivery.
    if (event.event === 'leave_team') {
      const d = event.data as Record<string, string>;
      this.teamMembers.get(d.team_id!)?.delete(d.user_id!);
    }
  }

  private send(event: ServerEvent, recipients: number[]): void {
    this.host.deliver(eventBody(event), recipients);
  }

  /** The connections that get an event; the membership it needs is in memory (needs() said so). */
  private recipients(event: ServerEvent): number[] {
    const b = event.broadcast;
    const omit = b.omit_users ?? {};
    const out: number[] = [];
    const addUser = (userId: string) => {
      if (omit[userId]) return;
      const conns = this.byUser.get(userId);
      if (conns) for (const c of conns) if (c.id !== b.omit_connection_id) out.push(c.ref);
    };
    if (b.connection_id) {
      for (const c of this.byRef.values()) if (c.id === b.connection_id) return [c.ref];
      return [];
    }
    if (b.user_id) addUser(b.user_id);
    else if (b.channel_id) for (const u of this.channelMembers.get(b.channel_id) ?? []) addUser(u);
    else if (b.team_id) for (const u of this.teamMembers.get(b.team_id) ?? []) addUser(u);
    else for (const u of this.byUser.keys()) addUser(u);
    return out;
  }

  /** Keeps the in-memory membership in step with the events that change it, before they are delivered. */
  private trackMembership(event: ServerEvent): void {
    const d = event.data as Record<string, string>;
    const b = event.broadcast;
    switch (event.event) {
      case 'user_added':
        if (b.channel_id) this.channelMembers.get(b.channel_id)?.add(d.user_id!);
        break;
      case 'user_removed':
        if (b.channel_id) this.channelMembers.get(b.channel_id)?.delete(d.user_id!);
        break;
      case 'added_to_team':
        this.teamMembers.get(d.team_id!)?.add(d.user_id!);
        break;
      case 'leave_team':
        // Loaded after the commit, the team no longer lists the leaver, who must still hear this one event.
        if (b.team_id) this.teamMembers.get(b.team_id)?.add(d.user_id!);
        break;
      case 'direct_added':
      case 'group_added':
      case 'channel_created':
      case 'channel_converted':
        // New or changed channels are loaded afresh on their next event (a load in flight is not kept).
        for (const id of [b.channel_id, d.channel_id]) {
          if (!id) continue;
          this.channelMembers.delete(id);
          this.loads.delete(`channel:${id}`);
        }
        break;
    }
  }

  close(): Promise<void> {
    return this.host.close();
  }
}

/**
 * An event as every recipient gets it, serialised once and without its closing brace: the host appends each
 * connection's seq. Mattermost's broadcast always carries all four fields.
 */
export function eventBody(event: ServerEvent): string {
  const json = JSON.stringify({ event: event.event, data: event.data, broadcast: { omit_users: null, user_id: '', channel_id: '', team_id: '', ...event.broadcast } });
  return json.slice(0, -1);
}
