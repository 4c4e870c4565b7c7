import type { FileInfo } from '@mattermost/types/files';
import type { Post } from '@mattermost/types/posts';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { client, errorStatus } from '../../client.ts';
import { store, type State } from '../../store/state.ts';
import { receivePosts } from '../../actions/posts.ts';
import { ensureUsers } from '../../actions/users.ts';

/** Mattermost's search parameters; time_zone_offset (seconds east of UTC) makes on:/before:/after: local days. */
function params(terms: string) {
  return { terms, is_or_search: false, time_zone_offset: -new Date().getTimezoneOffset() * 60, page: 0, per_page: 60, include_deleted_channels: false };
}

/** Channels we have not seen yet (a result from a channel outside the sidebar), fetched once each. */
async function ensureChannels(ids: Iterable<string>): Promise<void> {
  const known = store.get().channels;
  const missing = [...new Set(ids)].filter((id) => id && !known[id]);
  const found = await Promise.all(missing.map((id) => client.getChannel(id).catch(() => null)));
  const channels = found.filter((c): c is Channel => c !== null);
  if (channels.length) store.update((s) => ({ channels: { ...s.channels, ...Object.fromEntries(channels.map((c) => [c.id, c])) } }));
}

export type MessageResults = { posts: Post[]; matches: Record<string, string[]> };

/** Searches messages in a team (and the user's direct messages), newest first. */
export async function searchMessages(teamId: string, terms: string): Promise<MessageResults> {
  const res = await client.searchPostsWithParams(teamId, params(terms));
  const posts = res.order.map((id) => res.posts[id]).filter((p): p is Post => Boolean(p));
  receivePosts(posts);
  await ensureChannels(posts.map((p) => p.channel_id));
  return { posts, matches: (res as { matches?: Record<string, string[]> }).matches ?? {} };
}

export type FileResult = FileInfo & { channel_id: string };

/** Searches file names; null when the server has no file search (404/501), so the panel can say so. */
export async function searchFiles(teamId: string, terms: string): Promise<FileResult[] | null> {
  try {
    const res = await client.searchFilesWithParams(teamId, params(terms));
    const infos = res.file_infos as unknown as Record<string, FileResult> | Map<string, FileResult>;
    const get = (id: string) => (infos instanceof Map ? infos.get(id) : infos[id]);
    const files = res.order.map(get).filter((f): f is FileResult => Boolean(f));
    void ensureUsers(files.map((f) => f.user_id));
    await ensureChannels(files.map((f) => f.channel_id));
    return files;
  } catch (err) {
    const status = errorStatus(err);
    if (status === 404 || status === 405 || status === 501) return null;
    throw err;
  }
}

/** The `in:` filter naming a channel as Mattermost's search understands it: the handle, or @user for a DM. */
export function inFilter(channel: Channel, myId: string): string {
  if (channel.type === 'D') {
    const other = channel.name.split('__').find((id) => id !== myId) ?? myId;
    const user = store.get().users[other];
    return user ? `in:@${user.username}` : `in:${channel.name}`;
  }
  return `in:${channel.name}`;
}

/** The name a result's channel goes by: its display name, or for a direct message the other person's username. */
export function channelLabel(s: State, channel: Channel | undefined, fallback: string): string {
  if (!channel) return '';
  if (channel.type !== 'D') return channel.display_name;
  const other = channel.name.split('__').find((id) => id !== s.me?.id) ?? s.me?.id ?? '';
  return s.users[other]?.username ? `@${s.users[other].username}` : fallback;
}
