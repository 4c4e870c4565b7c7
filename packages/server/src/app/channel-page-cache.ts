import type { ServerEvent } from '../realtime/bus.ts';

/** Events after which a channel's cached pages are out of date: every change to its posts publishes one. */
const POST_CHANGES = new Set(['posted', 'post_edited', 'post_deleted', 'reaction_added', 'reaction_removed']);

/** A channel's cached pages, by request variant (page, per_page, thread options). */
type Pages = Map<string, { etag: string; body: Buffer }>;

/**
 * Channel history pages (GET /channels/{id}/posts without since/before/after) as sent, UTF-8 JSON and ETag, shared by
 * everyone allowed to read the channel: a page holds nothing that depends on who asks. Everyone opening a busy
 * channel asks for the same newest page, so most of those requests cost the ETag lookup instead of reading and
 * serialising 60 posts and their threads.
 *
 * An entry is used only while the channel's ETag (read from the database on every request, before the page) is
 * still the one it was stored with, so a change to the channel's posts that bypassed the events below would still
 * never be served stale. The events (published after commit; on every node once the bus spans nodes) drop entries
 * at once and keep a page read before a change from being stored after it: set() refuses an entry whose channel
 * changed since begin(). Bounded by total size in bytes, least recently used first out: 64 MiB holds the newest
 * page of ≈ 2,000 channels (a page of 60 posts with its threads is ≈ 30 KB).
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
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly maxEntryBytes = 1024 * 1024,
  ) {}

  /** The epoch to hand back to set() once the page has been read. */
  begin(): number {
    return this.epoch;
  }

  /** The cached body of this variant of the channel's page, if it was stored under this ETag. */
  get(channelId: string, variant: string, etag: string): Buffer | undefined {
    const pages = this.channels.get(channelId);
    const page = pages?.get(variant);
    if (!pages || !page || page.etag !== etag) return undefined;
    this.channels.delete(channelId);
    this.channels.set(channelId, pages);
    return page.body;
  }

  set(channelId: string, variant: string, etag: string, body: Buffer, epoch: number): void {
    if (epoch < this.floor || (this.changedAt.get(channelId) ?? -1) >= epoch) return;
    const size = body.length;
    if (size > this.maxEntryBytes) return;
    let pages = this.channels.get(channelId);
    if (pages) this.channels.delete(channelId);
    else pages = new Map();
    this.channels.set(channelId, pages);
    const old = pages.get(variant);
    if (old) this.bytes -= old.body.length;
    pages.set(variant, { etag, body });
    this.bytes += size;
    for (const [oldest] of this.channels) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  /** Drops the pages of a channel whose posts an event says changed. */
  observe(event: ServerEvent): void {
    const channelId = event.broadcast.channel_id;
    if (!channelId || !POST_CHANGES.has(event.event)) return;
    if (this.changedAt.size >= 50_000) {
      this.changedAt.clear();
      this.floor = this.epoch + 1;
    }
    this.changedAt.set(channelId, this.epoch++);
    this.drop(channelId);
  }

  private drop(channelId: string): void {
    const pages = this.channels.get(channelId);
    if (!pages) return;
    this.channels.delete(channelId);
    for (const p of pages.values()) this.bytes -= p.body.length;
  }
}
