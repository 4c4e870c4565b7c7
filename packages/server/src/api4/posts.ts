import { jsonEtag, route, type Call, type Route } from './router.ts';
import { invalidParam } from '../app/errors.ts';
import { isValidId } from '../app/ids.ts';
import { requireSelfOrAdmin } from '../app/users.ts';
import { createPost, deletePost, editPost, restorePostVersion, setPinned, type PostEdit } from '../app/posts.ts';
import {
  channelPosts,
  pinnedPosts,
  readableChannelPosts,
  readableChannelEtag,
  readableChannelPage,
  postEditHistory,
  postsAroundLastUnread,
  postsByIds,
  postThread,
  readablePost,
  type ThreadOptions,
} from '../app/post-lists.ts';
import { markPostUnread } from '../app/post-unread.ts';
import { flaggedPosts } from '../app/flagged-posts.ts';

export const postRoutes: Route[] = [
  route('POST', '/posts', create, 'session', 201),
  route('POST', '/posts/ids', byIds),
  route('GET', '/posts/:post_id', get),
  route('PUT', '/posts/:post_id', update),
  route('PUT', '/posts/:post_id/patch', patch),
  route('DELETE', '/posts/:post_id', remove),
  route('GET', '/posts/:post_id/thread', thread),
  route('GET', '/posts/:post_id/edit_history', editHistory),
  route('POST', '/posts/:post_id/restore/:restore_version_id', restoreVersion),
  route('POST', '/posts/:post_id/pin', pin),
  route('POST', '/posts/:post_id/unpin', unpin),
  route('GET', '/channels/:channel_id/posts', forChannel),
  route('GET', '/channels/:channel_id/pinned', pinned),
  route('GET', '/users/:user_id/channels/:channel_id/posts/unread', aroundLastUnread),
  route('POST', '/users/:user_id/posts/:post_id/set_unread', setUnread),
  route('GET', '/users/:user_id/posts/flagged', flagged),
];

const IDS_MAX = 1000;
const LIMIT_MAX = 200;

function threadOptions(c: Call): ThreadOptions {
  return { skipFetchThreads: c.bool('skipFetchThreads'), collapsedThreads: c.bool('collapsedThreads') };
}

function optionalId(c: Call, name: string): string | undefined {
  const v = c.query(name);
  if (v !== undefined && !isValidId(v)) throw invalidParam(name);
  return v;
}

async function create(c: Call) {
  // Mattermost sets the poster online unless told otherwise; anything but "false" means yes.
  const setOnline = c.query('set_online') !== 'false';
  return createPost(c.app, c.session, c.object('post'), { setOnline });
}

async function get(c: Call) {
  return readablePost(c.app, c.session, c.id('post_id'), c.bool('include_deleted'));
}

function editFields(body: Record<string, unknown>): PostEdit {
  return { message: body.message, props: body.props, file_ids: body.file_ids, is_pinned: body.is_pinned };
}

/** PUT /posts/{id}: the body is the post, its id the one in the URL. */
async function update(c: Call) {
  const postId = c.id('post_id');
  const body = c.object('post');
  if (body.id !== postId) throw invalidParam('id');
  return editPost(c.app, c.session, postId, editFields(body));
}

async function patch(c: Call) {
  const postId = c.id('post_id');
  return editPost(c.app, c.session, postId, editFields(c.object('patch')));
}

async function remove(c: Call) {
  await deletePost(c.app, c.session, c.id('post_id'));
  return { status: 'OK' };
}

async function byIds(c: Call) {
  const ids = c.stringArray('post_ids', IDS_MAX);
  if (ids.length === 0 || !ids.every(isValidId)) throw invalidParam('post_ids');
  return postsByIds(c.app, c.session, ids);
}

async function thread(c: Call) {
  const postId = c.id('post_id');
  optionalId(c, 'fromPost'); // checked, not needed: posts of a channel never share a create_at
  const direction = c.query('direction') ?? 'down';
  if (direction !== 'up' && direction !== 'down') throw invalidParam('direction');
  const list = await postThread(c.app, c.session, postId, {
    ...threadOptions(c),
    perPage: c.int('perPage', 0),
    direction,
    fromCreateAt: c.int('fromCreateAt', 0) || undefined,
  });
  // As Mattermost, the thread is read first and its ETag saves only the transfer.
  if (c.notModified(jsonEtag(list))) return c.reply;
  return list;
}

/** The post's earlier versions, newest first: its author only. */
async function editHistory(c: Call) {
  return postEditHistory(c.app, c.session, c.id('post_id'));
}

async function pin(c: Call) {
  await setPinned(c.app, c.session, c.id('post_id'), true);
  return { status: 'OK' };
}

async function unpin(c: Call) {
  await setPinned(c.app, c.session, c.id('post_id'), false);
  return { status: 'OK' };
}

async function restoreVersion(c: Call) {
  return restorePostVersion(c.app, c.session, c.id('post_id'), c.id('restore_version_id'));
}

async function forChannel(c: Call) {
  const channelId = c.id('channel_id');
  const { page, perPage } = c.page();
  const since = c.int('since', 0);
  const after = optionalId(c, 'after');
  const before = optionalId(c, 'before');
  // A plain page's ETag is a hash of the page (readableChannelPage); before/after pages are checked against the
  // channel's posts ETag before any post is read (Mattermost's GetPostsEtag); `since` requests carry none.
  const params = { ...threadOptions(c), page, perPage, since: since > 0 ? since : undefined, after, before };
  if (since === 0 && !after && !before) {
    const body = await readableChannelPage(c.app, c.session, channelId, params, (etag) => c.notModified(etag));
    return body === undefined ? c.reply : c.json(body);
  }
  if (since > 0) return channelPosts(c.app, c.session, channelId, params);
  return c.notModified(await readableChannelEtag(c.app, c.session, channelId)) ? c.reply : readableChannelPosts(c.app, channelId, params);
}

async function pinned(c: Call) {
  return pinnedPosts(c.app, c.session, c.id('channel_id'));
}

async function aroundLastUnread(c: Call) {
  const userId = c.id('user_id');
  const channelId = c.id('channel_id');
  requireSelfOrAdmin(c.session, userId);
  const after = Math.min(c.int('limit_after', 60), LIMIT_MAX);
  if (after === 0) throw invalidParam('limit_after');
  const before = Math.min(c.int('limit_before', 60), LIMIT_MAX);
  return postsAroundLastUnread(c.app, c.session, userId, channelId, { before, after }, threadOptions(c));
}

/** Marks the channel unread from the post for the user (Mattermost's body {collapsed_threads_supported} is ignored). */
async function setUnread(c: Call) {
  return markPostUnread(c.app, c.session, c.id('user_id'), c.id('post_id'));
}

/** The user's saved posts: channel_id wins over team_id, as in Mattermost. */
async function flagged(c: Call) {
  return flaggedPosts(c.app, c.session, c.id('user_id'), { channelId: optionalId(c, 'channel_id'), teamId: optionalId(c, 'team_id') }, c.page());
}

