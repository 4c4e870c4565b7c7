import type { Post, PostList } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import type { PostRecord, ReactionRecord } from '../store/posts.ts';
import type { Store } from '../store/store.ts';
import { fileInfoJson, type FileInfoJson } from './files.ts';

// Posts, reactions and post lists as Mattermost's API shows them (@mattermost/types).

export type ReactionJson = Reaction & { update_at: number; delete_at: number; remote_id: string; channel_id: string };

export type PostMetadataJson = { files?: FileInfoJson[]; reactions?: ReactionJson[] };

export type PostJson = Omit<Post, 'metadata' | 'type'> & {
  type: string;
  metadata: PostMetadataJson;
  participants: null;
  last_reply_at: number;
};

export type PostListJson = Omit<PostList, 'posts'> & { posts: Record<string, PostJson>; has_next: boolean };

export function reactionJson(r: ReactionRecord): ReactionJson {
  return {
    user_id: r.user_id,
    post_id: r.post_id,
    emoji_name: r.emoji_name,
    create_at: r.create_at,
    update_at: r.update_at,
    delete_at: r.delete_at,
    remote_id: r.remote_id,
    channel_id: r.channel_id,
  };
}

/**
 * A post for clients. A deleted post keeps only its frame (ids, times, thread): its text, props and files stay on
 * the server, so clients that still show it say "(message deleted)" and nothing more.
 */
export function postJson(p: PostRecord, metadata: PostMetadataJson = {}): PostJson {
  const deleted = p.delete_at !== 0;
  const out: PostJson = {
    id: p.id,
    create_at: p.create_at,
    update_at: p.update_at,
    edit_at: p.edit_at,
    delete_at: p.delete_at,
    is_pinned: p.is_pinned,
    user_id: p.user_id,
    channel_id: p.channel_id,
    root_id: p.root_id,
    original_id: p.original_id,
    message: deleted ? '' : p.message,
    type: p.type,
    props: deleted ? {} : p.props,
    hashtags: deleted ? '' : p.hashtags,
    pending_post_id: p.pending_post_id,
    reply_count: p.reply_count,
    last_reply_at: p.last_reply_at,
    participants: null,
    metadata: deleted ? {} : metadata,
  };
  // Mattermost leaves these out when empty.
  if (!deleted && p.file_ids.length > 0) out.file_ids = p.file_ids;
  if (!deleted && p.has_reactions) (out as PostJson & { has_reactions: boolean }).has_reactions = true;
  return out;
}

/** Metadata for many posts in two queries: their reactions and their attached files. */
export async function postMetadata(store: Store, posts: PostRecord[]): Promise<Map<string, PostMetadataJson>> {
  const live = posts.filter((p) => p.delete_at === 0);
  const reacted = live.filter((p) => p.has_reactions).map((p) => p.id);
  const fileIds = live.flatMap((p) => p.file_ids);
  const [reactions, files] = await Promise.all([store.reactions.forPosts(reacted), store.files.getMany(fileIds)]);
  const out = new Map<string, PostMetadataJson>();
  const entry = (postId: string) => {
    let m = out.get(postId);
    if (!m) out.set(postId, (m = {}));
    return m;
  };
  for (const r of reactions) (entry(r.post_id).reactions ??= []).push(reactionJson(r));
  const byId = new Map(files.filter((f) => f.delete_at === 0).map((f) => [f.id, f]));
  for (const p of live) {
    const attached = p.file_ids.map((id) => byId.get(id)).filter((f) => f !== undefined && f.post_id === p.id);
    if (attached.length > 0) entry(p.id).files = attached.map((f) => fileInfoJson(f!));
  }
  return out;
}

/** Posts for clients with their metadata. */
export async function postsJson(store: Store, posts: PostRecord[]): Promise<PostJson[]> {
  const metadata = await postMetadata(store, posts);
  return posts.map((p) => postJson(p, metadata.get(p.id)));
}

export const emptyPostList = (): PostListJson => ({ order: [], posts: {}, next_post_id: '', prev_post_id: '', has_next: false, first_inaccessible_post_time: 0 });
