import type { ChannelRecord } from '../store/channels.ts';

/** The handle of the channel every team has and every member is in. */
export const TOWN_SQUARE = 'town-square';
export const OFF_TOPIC = 'off-topic';

/**
 * The channels a user joins when they join a team, from `TeamSettings.ExperimentalDefaultChannels`.
 *
 * Mattermost's rule, kept: `town-square` always; then `off-topic` when the list is empty, otherwise every listed
 * channel (duplicates and `town-square` itself dropped). Entries that match no live channel of the team are skipped
 * and reported; private channels are skipped too, since joining one needs an invitation.
 *
 * Prat's extension: Mattermost matches an entry against channel handles only, so a list written as people see it —
 * `[drift] alt` — silently does nothing there. Prat matches each entry against the handles first and then against
 * the display names, both case-insensitively and ignoring surrounding spaces, so `generelt`, `Generelt` and
 * `[drift] alt` all work. A handle match always wins over a display-name match, so adding a channel whose display
 * name happens to equal another channel's handle cannot change what an existing entry means.
 */
export function defaultChannelEntries(configured: readonly string[]): string[] {
  const entries = configured.map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) return [TOWN_SQUARE, OFF_TOPIC];
  const seen = new Set<string>([TOWN_SQUARE]);
  const out = [TOWN_SQUARE];
  for (const entry of entries) {
    const key = entry.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out;
}

export type DefaultChannelResolution = {
  /** The channels to join, in list order, each once. */
  channels: ChannelRecord[];
  /** Entries that matched no live channel. */
  missing: string[];
  /** Entries that matched a private channel. */
  private: string[];
};

/**
 * Resolves entries against a team's live channels (only those whose handle or display name equals some entry need
 * be passed; see ChannelStore.findByNameOrDisplayName). Pure, so the rule can be tested on its own.
 */
export function resolveDefaultChannels(entries: readonly string[], candidates: readonly ChannelRecord[]): DefaultChannelResolution {
  const live = candidates.filter((c) => c.delete_at === 0);
  const result: DefaultChannelResolution = { channels: [], missing: [], private: [] };
  const chosen = new Set<string>();
  for (const entry of entries) {
    const key = entry.trim().toLowerCase();
    // Among several channels with the same display name, a public one is the useful match; then the oldest.
    const byDisplayName = live.filter((c) => c.display_name.trim().toLowerCase() === key).sort((a, b) => publicFirst(a, b) || a.create_at - b.create_at);
    const channel = live.find((c) => c.name.toLowerCase() === key) ?? byDisplayName[0];
    if (!channel) result.missing.push(entry);
    else if (channel.type !== 'O') result.private.push(entry);
    else if (!chosen.has(channel.id)) {
      chosen.add(channel.id);
      result.channels.push(channel);
    }
  }
  return result;
}

const publicFirst = (a: ChannelRecord, b: ChannelRecord) => (a.type === 'O' ? 0 : 1) - (b.type === 'O' ? 0 : 1);
