import type { Session } from './sessions.ts';
import { CACHES_INVALIDATED, SESSIONS_ENDED, type ServerEvent } from '../realtime/bus.ts';

type Entry = { session: Session; personal: boolean; cachedAt: number };

/**
 * Resolved tokens by token hash, so a request does not read its session and user from the database every time.
 * Correctness rests on invalidation, not on the entry's age: the events every node hears when a session ends
 * (`prat_sessions_ended`: logout, revocation, password change, deactivation, a disabled or revoked personal access
 * token), when a user changes (`user_updated`, `user_role_updated`) and when the config changes drop the affected
 * entries at once. A lookup that read the database while one of those happened is not cached (the epoch moved), so
 * it cannot bring back what was just dropped. Entries also expire after ServiceSettings.SessionCacheInMinutes (10, as
 * Mattermost caches sessions), a bound for anything that changes sessions or users without telling the bus (nothing
 * should); 0 turns the cache off.
 */
export class SessionCache {
  private entries = new Map<string, Entry>();
  /** Moves on every invalidation. */
  private epoch = 0;

  constructor(
    private readonly max = 20_000,
    /** Read on every lookup, so a config change applies at once. */
    private readonly ttlMs: () => number = () => 10 * 60_000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The epoch to hand back to set() once the database has answered. */
  begin(): number {
    return this.epoch;
  }

  get(tokenHash: string, now: number): { session: Session; personal: boolean } | undefined {
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    if (now - e.cachedAt >= this.ttlMs() || now < e.cachedAt) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return e;
  }

  /** Caches a lookup, unless something was invalidated since begin() returned `epoch`. */
  set(tokenHash: string, session: Session, personal: boolean, epoch: number, now: number): void {
    if (epoch !== this.epoch) return;
    if (this.entries.size >= this.max && !this.entries.has(tokenHash)) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { session, personal, cachedAt: now });
  }

  delete(tokenHash: string): void {
    this.epoch++;
    this.entries.delete(tokenHash);
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
  }

  /** Drops the entries of these sessions (or personal access tokens), and of every session of userId. */
  invalidate(ended: { sessionIds?: string[]; userId?: string }): void {
    this.epoch++;
    const ids = new Set(ended.sessionIds ?? []);
    for (const [hash, e] of this.entries) {
      if (ids.has(e.session.id) || (ended.userId && e.session.user_id === ended.userId)) this.entries.delete(hash);
    }
  }

  /** Keeps the cache in step with the bus (subscribed in buildApp, before the hub). */
  observe(event: ServerEvent): void {
    const d = event.data as Record<string, unknown>;
    switch (event.event) {
      case CACHES_INVALIDATED:
        this.clear();
        break;
      case SESSIONS_ENDED:
        this.invalidate({ sessionIds: (d.session_ids as string[] | undefined) ?? [], userId: (d.user_id as string | undefined) || undefined });
        break;
      case 'user_updated': {
        const id = (d.user as { id?: string } | undefined)?.id;
        if (id) this.invalidate({ userId: id });
        else this.clear();
        break;
      }
      case 'user_role_updated':
        if (typeof d.user_id === 'string' && d.user_id) this.invalidate({ userId: d.user_id });
        else this.clear();
        break;
      case 'config_changed':
        this.clear();
        break;
    }
  }
}
