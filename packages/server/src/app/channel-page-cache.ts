import { CACHES_INVALIDATED, type ServerEvent } from '../realtime/bus.ts';

/** Events after which a channel's cached pages are out of date: every change to its posts publishes one. */
const POST_CHANGES = new Set(['posted', 'post_edited', 'post_deleted', 'reaction_added', 'reaction_removed']);

/** A page as sent: its UTF-8 JSON and ETag. */
export type CachedPage = { etag: string; body: Buffer };

/** A channel's cached pages, by request variant (page, per_page, thread options), with when each was read. */
type Pages = Map<string, { page: CachedPage; at: number }>;

/**
 * Channel history pages (GET /channels/{id}/posts without since/before/after) as sent, shared by everyone allowed to
 * read the channel: a page holds nothing that depends on who asks. Everyone opening a busy channel asks for the same
 * newest page, so with the read check also in memory (ChannelReadGrants) most of those requests touch no database.
 *
 * Every change to a channel's posts publishes one of the POST_CHANGES events (after commit; on every node once the bus
 * spans nodes), which drops the channel's pages at once, and a page read before such a change is never stored after
 * it: set() refuses an entry whose channel changed since begin(). A page is also trusted for at most `maxAgeMs`, so
 * a change that reached the database some other way is seen within that time; 0 turns the cache off. Bounded by
 * total size in bytes, least recently used first out: 64 MiB holds the newest page of ≈ 2,000 channels (a page of 60
 * posts with its threads is ≈ 30 KB).
 */
export class ChannelPageCache {
  /** By channel, least recently used first. */
  private channels = new Map<string, Pages>();
  private bytes = 0;
  /** Moves on every change seen; changedAt says when each channel last changed. */
  private epoch = 0;
  private changedAt = new Map<string, number>();
  /** Reads begun before this epoch may not store (changedAt was cleared to stay small). */
  private floor = 0;

  constructor(
    private readonly maxAgeMs: () => number,
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly maxEntryBytes = 1024 * 1024,
  ) {}

  /** The epoch to hand back to set() once the page has been read. */
  begin(): number {
    return this.epoch;
  }

  /** This variant of the channel's page, if it is cached. */
  get(channelId: string, variant: string, now: number): CachedPage | undefined {
    const pages = this.channels.get(channelId);
    const entry = pages?.get(variant);
    if (!pages || !entry) return undefined;
    if (now - entry.at >= this.maxAgeMs() || now < entry.at) {
      this.bytes -= entry.page.body.length;
      pages.delete(variant);
      if (pages.size === 0) this.channels.delete(channelId);
      return undefined;
    }
    this.channels.delete(channelId);
    this.channels.set(channelId, pages);
    return entry.page;
  }

  set(channelId: string, variant: string, page: CachedPage, epoch: number, now: number): void {
    if (epoch < this.floor || (this.changedAt.get(channelId) ?? -1) >= epoch) return;
    const size = page.body.length;
    if (size > this.maxEntryBytes || this.maxAgeMs() <= 0) return;
    let pages = this.channels.get(channelId);
    if (pages) this.channels.delete(channelId);
    else pages = new Map();
    this.channels.set(channelId, pages);
    const old = pages.get(variant);
    if (old) this.bytes -= old.page.body.length;
    pages.set(variant, { page, at: now });
    this.bytes += size;
    for (const [oldest] of this.channels) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  /** Drops the pages of a channel whose posts an event says changed. */
  observe(event: ServerEvent): void {
    if (event.event === CACHES_INVALIDATED) return this.clear();
    const channelId = event.broadcast.channel_id;
    if (!channelId || !POST_CHANGES.has(event.event)) return;
    if (this.changedAt.size >= 50_000) {
      this.changedAt.clear();
      this.floor = this.epoch + 1;
    }
    this.changedAt.set(channelId, this.epoch++);
    this.drop(channelId);
  }

  /** Drops every page; a page read before this is not stored after it. */
  private clear(): void {
    this.floor = ++this.epoch;
    this.changedAt.clear();
    this.channels.clear();
    this.bytes = 0;
  }

  private drop(channelId: string): void {
    const pages = this.channels.get(channelId);
    if (!pages) return;
    this.channels.delete(channelId);
    for (const p of pages.values()) this.bytes -= p.page.body.length;
  }
}
