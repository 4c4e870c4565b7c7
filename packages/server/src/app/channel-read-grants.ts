import type { ServerEvent } from '../realtime/bus.ts';

/**
 * Events after which every read check that passed still passes: changes to posts, reads, typing, presence and
 * preferences, and additions (a new user, channel or membership only grants). Any other event (a member removed, a
 * channel archived or made private, a team left, roles changed, sessions ended, config changed …) might revoke a
 * grant, so it drops them all. Listing what keeps grants rather than what drops them means an event added later
 * drops them until someone decides otherwise.
 */
const KEEPS_GRANTS = new Set([
  'posted',
  'post_edited',
  'post_deleted',
  'post_unread',
  'reaction_added',
  'reaction_removed',
  'channel_viewed',
  'multiple_channels_viewed',
  'typing',
  'status_change',
  'preferences_changed',
  'preferences_deleted',
  'sidebar_category_created',
  'sidebar_category_updated',
  'sidebar_category_deleted',
  'sidebar_category_order_updated',
  'new_user',
  'channel_created',
  'direct_added',
  'group_added',
  'user_added',
  'added_to_team',
]);

/**
 * Read checks that passed, by user and channel: a channel page, a thread or a pinned list of a channel the user read
 * a moment ago needs no database round trip to be allowed again. Only passes are kept (a refusal is always checked
 * afresh, so a new membership works at once), and every event that might revoke one drops them all — such events
 * (members removed, channels archived or converted, roles changed) are rare next to reads. The events come from the
 * bus after commit, on every node once the bus spans nodes; a check that began before such an event is not kept
 * (epoch). A grant is also trusted for at most `maxAgeMs`, so a change that reached the database some other way
 * is seen within that time; 0 turns the cache off.
 */
export class ChannelReadGrants {
  /** `${userId}:${channelId}` → when the check passed; oldest first. */
  private grants = new Map<string, number>();
  /** Moves whenever grants are dropped. */
  private epoch = 0;

  constructor(
    private readonly maxAgeMs: () => number,
    private readonly max = 200_000,
  ) {}

  get size(): number {
    return this.grants.size;
  }

  /** The epoch to hand back to add() once the check has passed. */
  begin(): number {
    return this.epoch;
  }

  has(userId: string, channelId: string, now: number): boolean {
    const key = `${userId}:${channelId}`;
    const at = this.grants.get(key);
    if (at === undefined) return false;
    if (now - at < this.maxAgeMs() && now >= at) return true;
    this.grants.delete(key);
    return false;
  }

  /** Keeps a passed check, unless grants were dropped since begin() returned `epoch`. */
  add(userId: string, channelId: string, epoch: number, now: number): void {
    if (epoch !== this.epoch || this.maxAgeMs() <= 0) return;
    const key = `${userId}:${channelId}`;
    this.grants.delete(key);
    if (this.grants.size >= this.max) this.grants.delete(this.grants.keys().next().value!);
    this.grants.set(key, now);
  }

  clear(): void {
    this.epoch++;
    this.grants.clear();
  }

  /** Keeps the grants in step with the bus (subscribed in buildApp, before the hub). */
  observe(event: ServerEvent): void {
    if (!KEEPS_GRANTS.has(event.event)) this.clear();
  }
}
