import type { Bus } from '../realtime/bus.ts';

export type StatusValue = 'online' | 'away' | 'dnd' | 'offline';
export type UserStatus = { user_id: string; status: StatusValue; manual: boolean; last_activity_at: number; dnd_end_time: number };

/**
 * Presence. Automatic statuses follow the user's WebSocket connections; a status the user set by hand (away, dnd,
 * offline) sticks until they change it. Held in memory: presence is about who is connected to this server now.
 */
export class StatusService {
  private statuses = new Map<string, UserStatus>();

  constructor(
    private readonly bus: Bus,
    private readonly now: () => number,
    /** Whether the user has a live connection to this server. */
    private readonly isConnected: (userId: string) => boolean,
  ) {}

  get(userId: string): UserStatus {
    return this.statuses.get(userId) ?? { user_id: userId, status: 'offline', manual: false, last_activity_at: 0, dnd_end_time: 0 };
  }

  getMany(userIds: string[]): UserStatus[] {
    return userIds.map((id) => this.get(id));
  }

  /** Online/offline from connections opening and closing; manual statuses are left alone. */
  setAutomatic(userId: string, online: boolean): void {
    const current = this.get(userId);
    if (current.manual) {
      this.statuses.set(userId, { ...current, last_activity_at: this.now() });
      return;
    }
    this.set({ ...current, status: online ? 'online' : 'offline', manual: false, last_activity_at: this.now() });
  }

  /** A status the user picked. Choosing "online" hands control back to the automatic status. */
  setManual(userId: string, status: StatusValue, dndEndTime = 0): UserStatus {
    const manual = status !== 'online';
    const next: UserStatus = { user_id: userId, status: !manual && !this.isConnected(userId) ? 'offline' : status, manual, last_activity_at: this.now(), dnd_end_time: status === 'dnd' ? dndEndTime : 0 };
    this.set(next);
    return next;
  }

  private set(next: UserStatus): void {
    const prev = this.statuses.get(next.user_id);
    this.statuses.set(next.user_id, next);
    if (prev?.status !== next.status) {
      // To the user's own connections, as Mattermost does: a broadcast to all costs N² frames as N users connect.
      this.bus.publish({ event: 'status_change', data: { status: next.status, user_id: next.user_id }, broadcast: { user_id: next.user_id } });
    }
  }
}
