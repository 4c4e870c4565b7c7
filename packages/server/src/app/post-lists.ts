import type { AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import type { ChannelForRead, ChannelRecord } from '../store/channels.ts';
import type { ChannelPostsQuery, PostRecord } from '../store/posts.ts';
import { AppError, noPermission, notFound } from './errors.ts';
import { contentEtag } from './etag.ts';
import { API_VERSION, PRAT_VERSION } from '../version.ts';
import { getChannelMemberOr404, requireChannelRead } from './channels.ts';
import { hasChannelPermission, hasPermission, memberMayRead } from './permissions.ts';
import { emptyPostList, postMetadata, postJson, postsJson, type PostJson, type PostListJson } from './post-json.ts';

// Reading posts: channel history pages, threads, pinned posts, posts by id. Every read checks that the session may
// read the post's channel (public channels: anyone in the team; others: members only).

/** How many changes a `since` request returns at most; the client asks again from the newest it got. */
const SINCE_LIMIT = 1000;
/** Replies a thread request returns when it does not page. */
const THREAD_LIMIT = 1000;

export type ThreadOptions = {
  /** Only the root's own replies, no other threads (Mattermost's collapsedThreads). */
  skipFetchThreads: boolean;
  collapsedThreads: boolean;
};

export type ChannelPostsParams = ThreadOptions & {
  page: number;
  perPage: number;
  since?: number;
  before?: string;
  after?: string;
};

/**
 * Reads a channel's posts: 403 unless the session may read the channel, 404 when there is no such channel. Checks
 * that passed are remembered (ChannelReadGrants): a user's first check loads all their memberships, so reading any
 * of their channels afterwards needs no database round trip for the check.
 */
export async function readableChannel(ctx: AppContext, session: Session, channelId: string): Promise<void> {
  const grants = ctx.readGrants;
  const userId = session.user_id;
  const now = ctx.now();
  if (grants?.has(userId, channelId, now)) return;
  const epoch = grants?.begin() ?? 0;
  if (grants && !grants.hasMemberships(userId, now)) {
    const memberships = await ctx.store.channels.memberRolesForUser(userId);
    grants.load(userId, memberships, epoch, now);
    if (grants.has(userId, channelId, now)) return;
  }
  // Not a member (or only just): the channel and the caller's membership in one statement settle the check.
  await checkedRead(ctx, session, await ctx.store.channels.getWithMemberRoles(channelId, userId));
  grants?.add(userId, channelId, epoch, now);
}

/**
 * The ETag of a channel's posts (Mattermost's GetPostsEtag), read in the same statement as the read check: the ETag
 * is only handed out once the check passes.
 */
export async function readableChannelEtag(ctx: AppContext, session: Session, channelId: string): Promise<string> {
  const found = await ctx.store.channels.getWithMemberRoles(channelId, session.user_id, true);
  const channel = await checkedRead(ctx, session, found);
  return postsEtag(channel.id, found!.lastPostChange!);
}

async function checkedRead(ctx: AppContext, session: Session, found: ChannelForRead | undefined): Promise<ChannelRecord> {
  if (!found) throw notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.');
  const { channel, member } = found;
  if (hasPermission(session, 'read_channel') || (member && memberMayRead(member))) return channel;
  await requireChannelRead(ctx, session, channel);
  return channel;
}

/** Builds a PostList: `order` as given, `posts` with the extra (thread) posts too, and their metadata. */
async function postList(ctx: AppContext, ordered: PostRecord[], extra: PostRecord[] = []): Promise<PostListJson> {
  const list = emptyPostList();
  const all = new Map<string, PostRecord>();
  for (const p of [...ordered, ...extra]) all.set(p.id, p);
  const metadata = await postMetadata(ctx.store, [...all.values()]);
  for (const p of all.values()) list.posts[p.id] = postJson(p, metadata.get(p.id));
  list.order = ordered.map((p) => p.id);
  return list;
}

/**
 * Threads around the posts of a page, as Mattermost adds them when threads are not collapsed: the roots of the
 * replies on the page, and (unless skipFetchThreads) every reply of those threads.
 */
async function threadPosts(ctx: AppContext, channelId: string, posts: PostRecord[], opts: ThreadOptions): Promise<PostRecord[]> {
  if (opts.collapsedThreads) return [];
  const have = new Set(posts.map((p) => p.id));
  const roots = [...new Set(posts.map((p) => p.root_id).filter((id) => id !== ''))];
  if (roots.length === 0) return [];
  const extra = await ctx.store.posts.threads(channelId, roots, !opts.skipFetchThreads);
  return extra.filter((p) => !have.has(p.id));
}

/**
 * Of the candidates, the posts threadPosts() would add to the page: the roots its replies name (live: among the
 * candidates or on the page) and, unless skipFetchThreads, the replies of those roots; oldest first.
 */
function threadsOf(page: PostRecord[], candidates: PostRecord[], opts: ThreadOptions): PostRecord[] {
  const named = new Set(page.map((p) => p.root_id).filter((id) => id !== ''));
  const onPage = new Set(page.map((p) => p.id));
  const live = new Set([...page, ...candidates].map((p) => p.id));
  return candidates
    .filter((p) => !onPage.has(p.id) && (named.has(p.id) || (!opts.skipFetchThreads && named.has(p.root_id) && live.has(p.root_id))))
    .sort((a, b) => a.create_at - b.create_at);
}

/** A page of the channel and the threads around it (threadPosts()), read together. */
async function pageWithThreads(ctx: AppContext, q: ChannelPostsQuery, opts: ThreadOptions): Promise<{ posts: PostRecord[]; extra: PostRecord[] }> {
  if (opts.collapsedThreads) return { posts: await ctx.store.posts.channelPage(q), extra: [] };
  const { page, threads } = await ctx.store.posts.pageWithThreads(q, !opts.skipFetchThreads);
  return { posts: page, extra: threads };
}

/**
 * The post an after/before cursor names, when it belongs to the channel. Deleted posts still mark a place in
 * history (a client may hold the id of a post deleted since).
 */
async function cursorPost(ctx: AppContext, channelId: string, postId: string): Promise<PostRecord | undefined> {
  const post = await ctx.store.posts.get(postId);
  return post && post.channel_id === channelId ? post : undefined;
}

/**
 * GET /channels/{id}/posts. Precedence as Mattermost: since, then after, then before, then a plain page. Pages are
 * newest first; next_post_id / prev_post_id name the posts just newer / older than the page ('' at either end).
 */
export async function channelPosts(ctx: AppContext, session: Session, channelId: string, params: ChannelPostsParams): Promise<PostListJson> {
  await readableChannel(ctx, session, channelId);
  return readableChannelPosts(ctx, channelId, params);
}

/** channelPosts() for a channel readableChannel() has already let the session read (one check per request). */
export async function readableChannelPosts(ctx: AppContext, channelId: string, params: ChannelPostsParams): Promise<PostListJson> {
  const rootsOnly = params.collapsedThreads;
  if (params.since !== undefined && params.since > 0) {
    const changed = await ctx.store.posts.changedSince(channelId, params.since, rootsOnly, SINCE_LIMIT);
    changed.sort(newestFirst);
    const live = changed.filter((p) => p.delete_at === 0);
    return postList(ctx, changed, await threadPosts(ctx, channelId, live, params));
  }
  const after = params.after ? await cursorPost(ctx, channelId, params.after) : undefined;
  const before = !params.after && params.before ? await cursorPost(ctx, channelId, params.before) : undefined;
  if ((params.after && !after) || (params.before && !params.after && !before)) return emptyPostList();
  if (!after && !before) return plainPage(ctx, channelId, params);
  const { posts, extra } = await pageWithThreads(
    ctx,
    { channelId, page: params.page, perPage: params.perPage, rootsOnly, after: after?.create_at, before: before?.create_at },
    params,
  );
  const list = await postList(ctx, posts, extra);
  const full = posts.length >= params.perPage;
  // As Mattermost's AddCursorIdsForPostList: the cursor itself on the first page; nothing past a short page.
  if (after) {
    list.prev_post_id = params.page === 0 ? after.id : await neighbourId(ctx, channelId, posts.at(-1), 'older', rootsOnly);
    list.next_post_id = full ? await neighbourId(ctx, channelId, posts[0], 'newer', rootsOnly) : '';
    list.has_next = list.next_post_id !== '';
  } else if (before) {
    list.next_post_id = params.page === 0 ? before.id : await neighbourId(ctx, channelId, posts[0], 'newer', rootsOnly);
    list.prev_post_id = full ? await neighbourId(ctx, channelId, posts.at(-1), 'older', rootsOnly) : '';
    list.has_next = list.prev_post_id !== '';
  }
  return list;
}

/**
 * A page counted from the newest post, read in one query together with the posts just newer and just older than it
 * (next_post_id / prev_post_id) rather than one query for each.
 */
async function plainPage(ctx: AppContext, channelId: string, params: ChannelPostsParams): Promise<PostListJson> {
  const offset = params.page * params.perPage;
  const skip = offset > 0 ? 1 : 0;
  // The threads are read for the neighbours too (one statement); only those of the page's own posts are kept.
  const { posts: rows, extra } = await pageWithThreads(
    ctx,
    { channelId, page: 0, perPage: params.perPage + 1 + skip, offset: offset - skip, rootsOnly: params.collapsedThreads },
    params,
  );
  const posts = rows.slice(skip, skip + params.perPage);
  const list = await postList(ctx, posts, threadsOf(posts, [...rows.filter((p) => !posts.includes(p)), ...extra], params));
  if (posts.length > 0) {
    list.next_post_id = skip > 0 ? (rows[0]?.id ?? '') : '';
    list.prev_post_id = rows[skip + params.perPage]?.id ?? '';
  }
  list.has_next = list.prev_post_id !== '';
  return list;
}

/**
 * A plain page (no since/after/before) of a channel as sent, UTF-8 JSON and its ETag, from the shared
 * ChannelPageCache when it holds the page; 403/404 unless the session may read the channel. The ETag is a hash of
 * the page itself, the same for every reader, so it changes exactly when the page does. `notModified` is
 * Mattermost's HandleEtag: when it answers true (the client has this version) the result is undefined.
 */
export async function readableChannelPage(
  ctx: AppContext,
  session: Session,
  channelId: string,
  params: ChannelPostsParams,
  notModified: (etag: string) => boolean,
): Promise<Buffer | undefined> {
  const cache = ctx.channelPages;
  const variant = `${params.page}:${params.perPage}:${params.skipFetchThreads ? 1 : 0}${params.collapsedThreads ? 1 : 0}`;
  const epoch = cache.begin();
  await readableChannel(ctx, session, channelId);
  let page = cache.get(channelId, variant, ctx.now());
  if (!page) {
    const body = Buffer.from(JSON.stringify(await plainPage(ctx, channelId, params)));
    page = { etag: contentEtag(body), body };
    cache.set(channelId, variant, page, epoch, ctx.now());
  }
  return notModified(page.etag) ? undefined : page.body;
}

const newestFirst = (a: PostRecord, b: PostRecord) => b.create_at - a.create_at;

async function neighbourId(ctx: AppContext, channelId: string, post: PostRecord | undefined, direction: 'older' | 'newer', rootsOnly: boolean): Promise<string> {
  if (!post) return '';
  return (await ctx.store.posts.neighbour(channelId, post.create_at, direction, rootsOnly))?.id ?? '';
}

async function setCursors(ctx: AppContext, list: PostListJson, channelId: string, ordered: PostRecord[], rootsOnly: boolean): Promise<void> {
  list.next_post_id = await neighbourId(ctx, channelId, ordered[0], 'newer', rootsOnly);
  list.prev_post_id = await neighbourId(ctx, channelId, ordered.at(-1), 'older', rootsOnly);
}

/**
 * GET /users/{uid}/channels/{cid}/posts/unread: the first unread post with limit_before posts before it and
 * limit_after - 1 after it; when nothing is unread (or the channel was never viewed), the newest limit_before posts.
 */
export async function postsAroundLastUnread(
  ctx: AppContext,
  session: Session,
  userId: string,
  channelId: string,
  limits: { before: number; after: number },
  opts: ThreadOptions,
): Promise<PostListJson> {
  await readableChannel(ctx, session, channelId);
  const member = await getChannelMemberOr404(ctx, channelId, userId);
  const rootsOnly = opts.collapsedThreads;
  const first = member.last_viewed_at === 0 ? undefined : await ctx.store.posts.firstAfter(channelId, member.last_viewed_at, rootsOnly);
  let ordered: PostRecord[];
  if (!first) {
    ordered = await ctx.store.posts.channelPage({ channelId, page: 0, perPage: limits.before, rootsOnly });
  } else {
    const [older, newer] = await Promise.all([
      limits.before > 0 ? ctx.store.posts.channelPage({ channelId, page: 0, perPage: limits.before, rootsOnly, before: first.create_at }) : [],
      limits.after > 1 ? ctx.store.posts.channelPage({ channelId, page: 0, perPage: limits.after - 1, rootsOnly, after: first.create_at }) : [],
    ]);
    ordered = [...newer, first, ...older];
  }
  const list = await postList(ctx, ordered, await threadPosts(ctx, channelId, ordered, opts));
  await setCursors(ctx, list, channelId, ordered, rootsOnly);
  list.has_next = list.next_post_id !== '';
  return list;
}

export type ThreadParams = ThreadOptions & {
  /** 0: every reply (up to a bound). */
  perPage: number;
  direction: 'up' | 'down';
  /** Continue after this reply's create_at (Mattermost's fromCreateAt; its fromPost only breaks ties, which cannot happen here). */
  fromCreateAt?: number;
};

/**
 * GET /posts/{id}/thread: the root (always, first in `order`) and its replies, oldest first when paging down, newest
 * first up; has_next tells whether more replies follow in that direction.
 */
export async function postThread(ctx: AppContext, session: Session, postId: string, params: ThreadParams): Promise<PostListJson> {
  const post = await ctx.store.posts.get(postId);
  if (!post || post.delete_at !== 0) throw notFound('app.post.get.app_error', 'Unable to find the post.');
  await readableChannel(ctx, session, post.channel_id);
  if (params.skipFetchThreads) return postList(ctx, [post]);
  const rootId = post.root_id || post.id;
  const root = rootId === post.id ? post : await ctx.store.posts.get(rootId);
  if (!root || root.delete_at !== 0) throw notFound('app.post.get.app_error', 'Unable to find the thread.');
  const limit = params.perPage > 0 ? params.perPage : THREAD_LIMIT;
  const replies = await ctx.store.posts.replies({ rootId, direction: params.direction, limit: limit + 1, from: params.fromCreateAt });
  const hasNext = replies.length > limit;
  const list = await postList(ctx, [root, ...replies.slice(0, limit)]);
  list.has_next = hasNext;
  return list;
}

/** A live post the session may read: 404 when unknown or deleted, 403 outside its channel. */
export async function readablePost(ctx: AppContext, session: Session, postId: string, includeDeleted = false): Promise<PostJson> {
  const post = await ctx.store.posts.get(postId);
  if (!post) throw notFound('app.post.get.app_error', 'Unable to find the post.');
  // Deleted posts only for system admins who ask, as Mattermost's include_deleted.
  if (post.delete_at !== 0 && !(includeDeleted && hasPermission(session, 'manage_system'))) throw notFound('app.post.get.app_error', 'Unable to find the post.');
  await readableChannel(ctx, session, post.channel_id);
  return postJson(post, (await postMetadata(ctx.store, [post])).get(post.id));
}

/** POST /posts/ids: the live posts among the ids in channels the session may read, newest first. */
export async function postsByIds(ctx: AppContext, session: Session, ids: string[]): Promise<PostJson[]> {
  const posts = (await ctx.store.posts.getMany([...new Set(ids)])).filter((p) => p.delete_at === 0);
  const readable = await readableChannelIds(ctx, session, posts.map((p) => p.channel_id));
  return postsJson(
    ctx.store,
    posts.filter((p) => readable.has(p.channel_id)).sort(newestFirst),
  );
}

/** Of these channels, the ones the session may read (one check per distinct channel). */
export async function readableChannelIds(ctx: AppContext, session: Session, channelIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const channels = await ctx.store.channels.getMany([...new Set(channelIds)]);
  for (const channel of channels) {
    try {
      await requireChannelRead(ctx, session, channel);
      out.add(channel.id);
    } catch (err) {
      // Not readable: left out. Anything else (the database failing) is an error.
      if (!(err instanceof AppError) || err.statusCode !== 403) throw err;
    }
  }
  return out;
}

/** GET /channels/{id}/pinned. */
export async function pinnedPosts(ctx: AppContext, session: Session, channelId: string): Promise<PostListJson> {
  await readableChannel(ctx, session, channelId);
  return postList(ctx, await ctx.store.posts.pinned(channelId));
}

/**
 * The ETag of a channel's posts (Mattermost's GetPostsEtag): the time of the channel's newest post change and how
 * many posts share it. Every write to a post moves its update_at — create, edit, reaction, pin, delete (and a reply
 * moves its root) — so any change to a page of the channel changes the tag.
 */
const postsEtag = (channelId: string, last: { update_at: number; count: number }) => `${API_VERSION}.${PRAT_VERSION}.${channelId}.${last.update_at}.${last.count}`;

/**
 * GET /posts/{id}/edit_history: the post's earlier versions, newest first, for its author only (Mattermost: the
 * author, holding edit_post in the channel; 403 for anyone else and for a post that is gone; 404 without history).
 */
export async function postEditHistory(ctx: AppContext, session: Session, postId: string): Promise<PostJson[]> {
  const post = await ctx.store.posts.get(postId);
  if (!post || post.delete_at !== 0) throw noPermission('edit_post');
  if (!(await hasChannelPermission(ctx, session, post.channel_id, 'edit_post'))) throw noPermission('edit_post');
  if (session.user_id !== post.user_id) throw noPermission('edit_post');
  const versions = await ctx.store.posts.editHistory(post.id);
  if (versions.length === 0) throw notFound('app.post.get.app_error', 'This post has no edit history.');
  // The versions are hidden (deleted) rows, but their author sees them whole, as Mattermost sends them.
  return versions.map((v) => ({ ...postJson({ ...v, delete_at: 0 }), delete_at: v.delete_at }));
}

