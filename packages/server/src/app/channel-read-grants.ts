import type { ServerEvent } from '../realtime/bus.ts';
import type { ChannelMemberRoles } from '../store/channels.ts';
import { memberMayRead } from './permissions.ts';

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

/** A user's grants: the channels they may read, whether their memberships were loaded, and since when. */
type UserGrants = { channels: Set<string>; memberships: boolean; at: number };

/**
 * Which channels each user may read, as far as checks have shown, so a channel page, pinned posts or a thread needs
 * no database round trip for the read check. A user's first check loads every channel they are a member of (one
 * statement, as Mattermost's channel-member cache for a user), so switching between their channels is checked in
 * memory; a channel read without membership (a public channel of their team, a system admin's read) is added once
 * its own check passes. Only grants are kept: a channel not listed is checked against the database, so a new
 * membership works at once. Every event that might revoke a grant drops them all (KEEPS_GRANTS); such events — a
 * member removed, a channel archived or converted, roles changed — are rare next to reads. The events come from the
 * bus after commit, on every node once the bus spans nodes, and a check that began before such an event is not kept
 * (epoch). A user's grants are trusted for at most `maxAgeMs`, so a change that reached the database some other way
 * is seen within that time; 0 turns the cache off.
 */
export class ChannelReadGrants {
  /** By user, least recently loaded first. */
  private users = new Map<string, UserGrants>();
  /** Moves whenever grants are dropped. */
  private epoch = 0;

  constructor(
    private readonly maxAgeMs: () => number,
    /** Users kept at most. */
    private readonly maxUsers = 20_000,
  ) {}

  get size(): number {
    return this.users.size;
  }

  /** The epoch to hand back to load() or add() once the database has answered. */
  begin(): number {
    return this.epoch;
  }

  /** The user's grants while they are fresh. */
  private fresh(userId: string, now: number): UserGrants | undefined {
    const user = this.users.get(userId);
    if (!user) return undefined;
    if (now - user.at < this.maxAgeMs() && now >= user.at) return user;
    this.users.delete(userId);
    return undefined;
  }

  has(userId: string, channelId: string, now: number): boolean {
    return this.fresh(userId, now)?.channels.has(channelId) ?? false;
  }

  /** Whether the user's memberships are loaded (else load them: most checks are for the user's own channels). */
  hasMemberships(userId: string, now: number): boolean {
    return this.fresh(userId, now)?.memberships ?? false;
  }

  /** Keeps the channels the user's memberships (all of them) let them read, unless grants were dropped since `epoch`. */
  load(userId: string, memberships: ChannelMemberRoles[], epoch: number, now: number): void {
    const user = this.entry(userId, epoch, now);
    if (!user) return;
    for (const m of memberships) if (memberMayRead(m)) user.channels.add(m.channel_id);
    user.memberships = true;
  }

  /** Keeps one passed check, unless grants were dropped since `epoch`. */
  add(userId: string, channelId: string, epoch: number, now: number): void {
    this.entry(userId, epoch, now)?.channels.add(channelId);
  }

  private entry(userId: string, epoch: number, now: number): UserGrants | undefined {
    if (epoch !== this.epoch || this.maxAgeMs() <= 0) return undefined;
    const user = this.fresh(userId, now);
    if (user) return user;
    if (this.users.size >= this.maxUsers) this.users.delete(this.users.keys().next().value!);
    const created = { channels: new Set<string>(), memberships: false, at: now };
    this.users.set(userId, created);
    return created;
  }

  clear(): void {
    this.epoch++;
    this.users.clear();
  }

  /** Keeps the grants in step with the bus (subscribed in buildApp, before the hub). */
  observe(event: ServerEvent): void {
    if (!KEEPS_GRANTS.has(event.event)) this.clear();
  }
}
