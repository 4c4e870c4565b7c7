import type { Post, PostList } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import { client } from '../client.ts';
import { store, merge, type PostWindow, type State } from '../store/state.ts';
import { ensureUsers } from './users.ts';

export const PAGE_SIZE = 60;

/** Posts of a list, oldest first. */
function ordered(list: PostList): Post[] {
  return [...list.order].reverse().map((id) => list.posts[id]).filter((p): p is Post => Boolean(p));
}

export function receivePosts(posts: readonly Post[]): void {
  if (posts.length === 0) return;
  store.update((s) => ({ posts: merge(s.posts, posts, (p) => p.id) }));
  void ensureUsers(posts.map((p) => p.user_id));
}

/** Loads the newest page of a channel, unless it is already loaded (the WebSocket keeps it current). */
export async function loadChannelPosts(channelId: string, force = false): Promise<void> {
  const existing = store.get().channelPosts[channelId];
  if (existing && !force) return;
  setWindow(channelId, { order: existing?.order ?? [], hasOlder: existing?.hasOlder ?? true, loading: true });
  const list = await client.getPosts(channelId, 0, PAGE_SIZE);
  const posts = ordered(list);
  receivePosts(posts);
  setWindow(channelId, { order: posts.map((p) => p.id), hasOlder: posts.length >= PAGE_SIZE || Boolean(list.prev_post_id), loading: false });
}

/** How many changes `since` answers at most (the server's SINCE_LIMIT); a full answer may have left some out. */
const SINCE_LIMIT = 1000;

/**
 * Brings the loaded posts of a channel up to date after missed events: what was created, edited or deleted since
 * the newest change we hold (by the server's clock) is merged into the window, which keeps its older pages. A window
 * ending in the past, or more changes than one answer holds, loads the newest page instead.
 */
export async function syncChannelPosts(channelId: string): Promise<void> {
  const s = store.get();
  const window = s.channelPosts[channelId];
  if (!window || window.hasNewer || window.order.length === 0) return loadChannelPosts(channelId, true);
  const since = Math.max(...window.order.map((id) => Math.max(s.posts[id]?.update_at ?? 0, s.posts[id]?.create_at ?? 0)));
  const list = await client.getPostsSince(channelId, since);
  if (list.order.length >= SINCE_LIMIT) return loadChannelPosts(channelId, true);
  const changed = Object.values(list.posts).filter((p) => p.channel_id === channelId).sort((a, b) => a.create_at - b.create_at);
  // Posts created since are new (they join the window's end); others (edits, the roots of new replies) only
  // replace what is loaded, never drop an old post into the list out of context.
  for (const post of changed) {
    if (post.delete_at) postDeleted(post);
    else postReceived(post, post.create_at > since);
  }
  // The server's copies last: a root's reply_count as counted there, not as counted up by the replies above.
  receivePosts(changed.filter((p) => !p.delete_at));
}

/** Loads the page before the oldest loaded post (scrolling up). */
export async function loadOlderPosts(channelId: string): Promise<void> {
  const window = store.get().channelPosts[channelId];
  if (!window || window.loading || !window.hasOlder) return;
  const oldest = window.order[0];
  if (!oldest) return;
  setWindow(channelId, { ...window, loading: true, failed: undefined });
  const list = await loadPage(channelId, 'older', () => client.getPostsBefore(channelId, oldest, 0, PAGE_SIZE));
  if (!list) return;
  const posts = ordered(list);
  receivePosts(posts);
  store.update((s) => {
    const w = s.channelPosts[channelId] ?? window;
    const known = new Set(w.order);
    return { channelPosts: { ...s.channelPosts, [channelId]: { order: [...posts.map((p) => p.id).filter((id) => !known.has(id)), ...w.order], hasOlder: posts.length >= PAGE_SIZE, loading: false } } };
  });
}

/** A page for a window; when it cannot be had the window stops loading and shows Retry instead of spinning on. */
async function loadPage(channelId: string, direction: 'older' | 'newer', fetch: () => Promise<PostList>): Promise<PostList | undefined> {
  try {
    return await fetch();
  } catch {
    store.update((s) => {
      const w = s.channelPosts[channelId];
      return w ? { channelPosts: { ...s.channelPosts, [channelId]: { ...w, loading: false, failed: direction } } } : {};
    });
    return undefined;
  }
}

export async function loadThread(rootId: string): Promise<void> {
  const list = await client.getPostThread(rootId);
  const posts = ordered(list);
  receivePosts(posts);
  store.update((s) => ({ threads: { ...s.threads, [rootId]: posts.filter((p) => p.id !== rootId).sort((a, b) => a.create_at - b.create_at).map((p) => p.id) } }));
}

function setWindow(channelId: string, window: PostWindow): void {
  store.update((s) => ({ channelPosts: { ...s.channelPosts, [channelId]: window } }));
}

/** Adds a new or edited post where it belongs: the post map, its channel's window and its thread. */
export function postReceived(post: Post, isNew = false): void {
  store.update((s) => addPost(s, post, isNew));
  void ensureUsers([post.user_id]);
}

/** `isNew`: a post just created (the posted event, or our own draft), not an edit or pin of an older one. */
function addPost(s: State, post: Post, isNew: boolean): Partial<State> {
  const patch: Partial<State> = { posts: { ...s.posts, [post.id]: post } };
  // Replace our own pending copy (sent before the server answered) by the real post.
  const pending = post.pending_post_id && post.pending_post_id !== post.id ? post.pending_post_id : '';
  if (pending && s.posts[pending]) delete patch.posts![pending];
  const window = s.channelPosts[post.channel_id];
  if (window) {
    const order = pending ? window.order.map((id) => (id === pending ? post.id : id)) : window.order;
    // An edit or pin of a post older than what is loaded must not drop it into the list out of context.
    const oldest = order[0] ? s.posts[order[0]] : undefined;
    // A new post while the window ends in the past (after a permalink) belongs past the gap: it loads with the
    // newer pages as the reader scrolls down.
    const inRange = isNew ? !window.hasNewer : !window.hasOlder || !oldest || post.create_at >= oldest.create_at;
    if (!order.includes(post.id) && inRange) {
      patch.channelPosts = { ...s.channelPosts, [post.channel_id]: { ...window, order: insertByTime(order, post, patch.posts!) } };
    } else if (order !== window.order) {
      patch.channelPosts = { ...s.channelPosts, [post.channel_id]: { ...window, order } };
    }
  }
  if (post.root_id) {
    // A reply we had not seen yet: the root's reply count goes up (the server sends no new root).
    const root = patch.posts![post.root_id];
    if (isNew && root && !s.posts[post.id] && !(pending && s.posts[pending])) patch.posts![post.root_id] = { ...root, reply_count: (root.reply_count ?? 0) + 1 };
    const replies = s.threads[post.root_id];
    const base = replies ? (pending ? replies.map((id) => (id === pending ? post.id : id)) : replies) : undefined;
    if (base && !base.includes(post.id)) patch.threads = { ...s.threads, [post.root_id]: insertByTime(base, post, patch.posts!) };
    else if (base && base !== replies) patch.threads = { ...s.threads, [post.root_id]: base };
  }
  return patch;
}

function insertByTime(order: string[], post: Post, posts: Record<string, Post>): string[] {
  let i = order.length;
  while (i > 0 && (posts[order[i - 1]]?.create_at ?? 0) > post.create_at) i--;
  return [...order.slice(0, i), post.id, ...order.slice(i)];
}

/** A post was deleted: show it as deleted, and drop the replies of a deleted thread root. */
export function postDeleted(post: Post): void {
  store.update((s) => {
    const known = s.posts[post.id];
    const posts = { ...s.posts, [post.id]: { ...(known ?? post), ...post, message: '', delete_at: post.delete_at || Date.now(), file_ids: [], metadata: {} as Post['metadata'] } };
    // A reply deleted for the first time: its root has one reply fewer.
    const root = post.root_id ? s.posts[post.root_id] : undefined;
    if (root && known && !known.delete_at) posts[root.id] = { ...root, reply_count: Math.max(0, (root.reply_count ?? 1) - 1) };
    const removed = new Set(Object.values(s.posts).filter((p) => p.root_id === post.id).map((p) => p.id));
    const window = s.channelPosts[post.channel_id];
    return {
      posts,
      channelPosts: window && removed.size ? { ...s.channelPosts, [post.channel_id]: { ...window, order: window.order.filter((id) => !removed.has(id)) } } : s.channelPosts,
    };
  });
}

let pendingCounter = 0;

/** Sends a post. It shows at once as pending; the server's copy (by answer or WebSocket) replaces it. */
export async function sendPost(channelId: string, message: string, opts: { rootId?: string; fileIds?: string[]; props?: Record<string, unknown> } = {}): Promise<Post> {
  if (store.get().channelPosts[channelId]?.hasNewer && !opts.rootId) await loadChannelPosts(channelId, true);
  const me = store.get().me!;
  const pendingId = `${me.id}:${Date.now()}${pendingCounter++}`;
  const now = Date.now();
  const draft = {
    id: pendingId,
    pending_post_id: pendingId,
    channel_id: channelId,
    root_id: opts.rootId ?? '',
    message,
    user_id: me.id,
    create_at: now,
    update_at: now,
    edit_at: 0,
    delete_at: 0,
    file_ids: opts.fileIds ?? [],
    props: opts.props ?? {},
    type: '',
    reply_count: 0,
    metadata: {},
    is_pinned: false,
  } as unknown as Post;
  postReceived(draft, true);
  try {
    const post = await client.createPost({ channel_id: channelId, message, root_id: opts.rootId ?? '', file_ids: opts.fileIds, props: opts.props, pending_post_id: pendingId } as Post);
    postReceived(post);
    return post;
  } catch (err) {
    store.update((s) => ({ posts: { ...s.posts, [pendingId]: { ...draft, props: { ...draft.props, failed: true } } } }));
    throw err;
  }
}

export async function editPost(postId: string, message: string): Promise<void> {
  postReceived(await client.patchPost({ id: postId, message }));
}

export async function deletePost(postId: string): Promise<void> {
  const post = store.get().posts[postId];
  await client.deletePost(postId);
  if (post) postDeleted({ ...post, delete_at: Date.now() });
}

/** Reactions live in post.metadata.reactions, as the server sends them. */
export function reactionChanged(reaction: Reaction, added: boolean): void {
  store.update((s) => {
    const post = s.posts[reaction.post_id];
    if (!post) return {};
    const others = (post.metadata?.reactions ?? []).filter((r) => !(r.user_id === reaction.user_id && r.emoji_name === reaction.emoji_name));
    const reactions = added ? [...others, reaction] : others;
    return { posts: { ...s.posts, [post.id]: { ...post, metadata: { ...post.metadata, reactions } } } };
  });
}

export async function toggleReaction(postId: string, emojiName: string): Promise<void> {
  const s = store.get();
  const me = s.me!;
  const mine = s.posts[postId]?.metadata?.reactions?.some((r) => r.user_id === me.id && r.emoji_name === emojiName);
  if (mine) {
    await client.removeReaction(me.id, postId, emojiName);
    reactionChanged({ user_id: me.id, post_id: postId, emoji_name: emojiName, create_at: 0 } as Reaction, false);
  } else {
    reactionChanged(await client.addReaction(me.id, postId, emojiName), true);
  }
}

/** For a permalink: the channel's posts around one post (60 before and after), replacing the loaded window. */
export async function loadPostsAround(channelId: string, postId: string): Promise<void> {
  const window = store.get().channelPosts[channelId];
  if (window?.order.includes(postId)) return;
  const [post, before, after] = await Promise.all([client.getPost(postId), client.getPostsBefore(channelId, postId, 0, PAGE_SIZE), client.getPostsAfter(channelId, postId, 0, PAGE_SIZE)]);
  const posts = [...ordered(before), post, ...ordered(after)].filter((p) => p.channel_id === channelId);
  receivePosts(posts);
  setWindow(channelId, { order: posts.map((p) => p.id), hasOlder: ordered(before).length >= PAGE_SIZE, hasNewer: ordered(after).length >= PAGE_SIZE, loading: false });
}

/** Loads the page after the newest loaded post (scrolling down in a window that ends in the past). */
export async function loadNewerPosts(channelId: string): Promise<void> {
  const window = store.get().channelPosts[channelId];
  if (!window || window.loading || !window.hasNewer) return;
  const newest = window.order[window.order.length - 1];
  if (!newest) return;
  setWindow(channelId, { ...window, loading: true, failed: undefined });
  const list = await loadPage(channelId, 'newer', () => client.getPostsAfter(channelId, newest, 0, PAGE_SIZE));
  if (!list) return;
  const posts = ordered(list);
  receivePosts(posts);
  store.update((s) => {
    const w = s.channelPosts[channelId] ?? window;
    const known = new Set(w.order);
    return { channelPosts: { ...s.channelPosts, [channelId]: { ...w, order: [...w.order, ...posts.map((p) => p.id).filter((id) => !known.has(id))], hasNewer: posts.length >= PAGE_SIZE, loading: false } } };
  });
}

/** Drops a post that never reached the server (a failed send) from the post map, its channel and its thread. */
export function discardPendingPost(postId: string): void {
  store.update((s) => {
    const post = s.posts[postId];
    if (!post) return {};
    const posts = { ...s.posts };
    delete posts[postId];
    const root = post.root_id ? posts[post.root_id] : undefined;
    if (root) posts[root.id] = { ...root, reply_count: Math.max(0, (root.reply_count ?? 1) - 1) };
    const window = s.channelPosts[post.channel_id];
    const replies = post.root_id ? s.threads[post.root_id] : undefined;
    return {
      posts,
      channelPosts: window ? { ...s.channelPosts, [post.channel_id]: { ...window, order: window.order.filter((id) => id !== postId) } } : s.channelPosts,
      threads: replies ? { ...s.threads, [post.root_id]: replies.filter((id) => id !== postId) } : s.threads,
    };
  });
}

/** Sends a failed post again. */
export function retryPost(postId: string): Promise<Post> {
  const post = store.get().posts[postId];
  discardPendingPost(postId);
  const props = { ...(post?.props ?? {}) } as Record<string, unknown>;
  delete props.failed;
  return sendPost(post.channel_id, post.message, { rootId: post.root_id || undefined, fileIds: post.file_ids, props });
}

/** Pins or unpins a post; the server tells every client (post_edited with is_pinned). */
export async function setPostPinned(postId: string, pinned: boolean): Promise<void> {
  await (pinned ? client.pinPost(postId) : client.unpinPost(postId));
  store.update((s) => (s.posts[postId] ? { posts: { ...s.posts, [postId]: { ...s.posts[postId], is_pinned: pinned } } } : {}));
}

/** The pinned posts of a channel, newest first (the server's order); they land in the post map. */
export async function loadPinnedPosts(channelId: string): Promise<string[]> {
  const list = await client.getPinnedPosts(channelId);
  receivePosts(Object.values(list.posts));
  return list.order;
}
