import { commit, type AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import type { ServerEvent } from '../realtime/bus.ts';
import type { Store } from '../store/store.ts';
import type { ChannelMemberRecord, ChannelRecord } from '../store/channels.ts';
import type { PostChanges, PostRecord } from '../store/posts.ts';
import { badRequest, forbidden, invalidParam, noPermission, notFound } from './errors.ts';
import { isValidId, newId } from './ids.ts';
import { hasChannelPermission, memberRoles, rolesHave } from './permissions.ts';
import { getChannelOr404 } from './channels.ts';
import { findMentions } from './mentions.ts';
import { postJson, postMetadata, type PostJson } from './post-json.ts';
import { fileInfoJson } from './files.ts';

/** Mattermost's PostMessageMaxRunesV2. */
export const MESSAGE_MAX_RUNES = 16383;
/** Mattermost's PostPropsMaxUserRunes: the props a client may send, as JSON. */
export const PROPS_MAX_RUNES = 760000;
/** Files one post may carry (Mattermost's limit). */
export const FILE_IDS_MAX = 10;
const PENDING_POST_ID_MAX = 64;
const HASHTAGS_MAX = 1000;
/** Props only the server sets: a client that sends them has them dropped, as Mattermost's SanitizeInput does. */
const SERVER_PROPS = ['deleteBy', 'from_webhook', 'from_bot', 'from_oauth_app', 'from_plugin', 'add_channel_member', 'mentionHighlightDisabled'];

const runes = (s: string) => (s.length <= MESSAGE_MAX_RUNES ? s.length : [...s].length);

function validMessage(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalidParam('message');
  // A string has at least as many UTF-16 units as runes: count runes only when it could be over.
  if (value.length > MESSAGE_MAX_RUNES && [...value].length > MESSAGE_MAX_RUNES) {
    throw badRequest('model.post.is_valid.message_length.app_error', `The message is longer than ${MESSAGE_MAX_RUNES} characters.`);
  }
  return value;
}

function validProps(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest('model.post.is_valid.props.app_error', 'The post props must be a JSON object.');
  const props = { ...(value as Record<string, unknown>) };
  for (const key of SERVER_PROPS) delete props[key];
  const json = JSON.stringify(props);
  if (json.length > PROPS_MAX_RUNES && [...json].length > PROPS_MAX_RUNES) {
    throw badRequest('model.post.is_valid.props.app_error', `The post props are longer than ${PROPS_MAX_RUNES} characters as JSON.`);
  }
  return props;
}

function validFileIds(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isValidId)) throw badRequest('model.post.is_valid.file_ids.app_error', 'file_ids must be a list of file ids.');
  const ids = [...new Set(value)];
  if (ids.length > FILE_IDS_MAX) throw badRequest('model.post.is_valid.file_ids.app_error', `A post can carry at most ${FILE_IDS_MAX} files.`);
  return ids;
}

function validType(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') throw invalidParam('post.type');
  if (value.startsWith('system_')) throw invalidParam('post.type');
  if (!value.startsWith('custom_') || value.length > 64) {
    throw badRequest('model.post.is_valid.type.app_error', 'The post type must be empty or a custom type ("custom_…").');
  }
  return value;
}

const PUNCTUATION_START = /^[^\p{L}\p{N}\s#]+/u;
const PUNCTUATION_END = /[^\p{L}\p{N}\s]+$/u;
const HASHTAG = /^#\p{L}[\p{L}\p{N}\-_.]*[\p{L}\p{N}]$/u;

/** Mattermost's ParseHashtags: "#word" tokens (a letter first), space-separated, at most 1,000 characters. */
export function parseHashtags(message: string): string {
  const tags: string[] = [];
  for (const raw of message.split(/\s+/)) {
    const word = raw.replace(PUNCTUATION_START, '').replace(PUNCTUATION_END, '').replace(/^#{2,}/, '#');
    if (HASHTAG.test(word)) tags.push(word);
  }
  let out = tags.join(' ');
  if (out.length > HASHTAGS_MAX) out = out.slice(0, out.lastIndexOf(' ', HASHTAGS_MAX));
  return out;
}

/** A live post, or 404. */
export async function getPostOr404(ctx: AppContext, id: string, store: Store = ctx.store): Promise<PostRecord> {
  const post = await store.posts.get(id);
  if (!post || post.delete_at !== 0) throw notFound('app.post.get.app_error', 'Unable to find the post.');
  return post;
}

function requireOpenChannel(channel: ChannelRecord, errorId: string, what: string): void {
  if (channel.delete_at !== 0) throw badRequest(errorId, `Posts cannot be ${what} in an archived channel.`);
}

const rootGone = () => badRequest('api.post.create_post.root_id.app_error', 'The post replied to does not exist.');

/** "@username" as Mattermost's sender_name shows it. */
const atName = (username: string) => `@${username}`;

export type CreatePostOptions = { setOnline: boolean };

/**
 * Creates a post. Everything is checked first (message length, props, type, root, files, permission); then one
 * transaction writes the post, the channel's totals, the root's thread counters, the files' post_id, the mentioned
 * members' mention counts and the poster's read position. `posted` (with the mentioned user ids) follows the commit.
 */
export async function createPost(ctx: AppContext, session: Session, input: Record<string, unknown>, opts: CreatePostOptions): Promise<PostJson> {
  if (!isValidId(input.channel_id)) throw invalidParam('channel_id');
  const channelId = input.channel_id;
  const message = validMessage(input.message);
  const props = validProps(input.props);
  const type = validType(input.type);
  const fileIds = validFileIds(input.file_ids);
  const rootId = input.root_id === undefined || input.root_id === null || input.root_id === '' ? '' : input.root_id;
  if (rootId !== '' && !isValidId(rootId)) throw invalidParam('root_id');
  const pending = input.pending_post_id ?? '';
  if (typeof pending !== 'string' || pending.length > PENDING_POST_ID_MAX) throw invalidParam('pending_post_id');
  if (session.local) throw forbidden('api.post.create_post.no_user.app_error', 'A post needs a user: local mode cannot post.');

  const channel = await getChannelOr404(ctx, channelId);
  const member = await ctx.store.channels.getMember(channel.id, session.user_id);
  // The membership at hand answers the usual case without asking the store again.
  const may = async (permission: string) =>
    rolesHave(session.roles, permission) ||
    (member ? rolesHave(memberRoles('channel', member), permission) : false) ||
    hasChannelPermission(ctx, session, channel.id, permission);
  if (!(await may('create_post'))) throw noPermission('create_post');
  if (fileIds.length > 0 && !(await may('upload_file'))) throw noPermission('upload_file');
  requireOpenChannel(channel, 'api.post.create_post.can_not_post_to_deleted.error', 'posted');
  if (rootId !== '') {
    const root = await ctx.store.posts.get(rootId);
    if (!root || root.delete_at !== 0) throw rootGone();
    if (root.channel_id !== channel.id) throw badRequest('api.post.create_post.channel_root_id.app_error', 'The post replied to is in another channel.');
    if (root.root_id !== '') throw badRequest('api.post.create_post.root_id.app_error', 'Replies go to the thread\'s root post, not to another reply.');
  }
  const candidates = await ctx.store.posts.mentionCandidates(channel.id);
  // The poster is usually among the members; a system admin posting from outside is looked up.
  const senderName = candidates.find((c) => c.user_id === session.user_id)?.username ?? (await ctx.store.users.get(session.user_id))?.username;
  if (senderName === undefined) throw notFound('app.user.missing_account.const', 'Unable to find the posting user.');
  const mentions = findMentions({
    message,
    channelType: channel.type,
    posterId: session.user_id,
    members: candidates.map((c) => ({
      userId: c.user_id,
      username: c.username,
      firstName: c.first_name,
      userNotifyProps: c.user_notify_props,
      channelNotifyProps: c.channel_notify_props,
      online: ctx.status.get(c.user_id).status === 'online',
    })),
    posterMayMentionChannel: mayMentionChannel(session, member),
    maxNotificationsPerChannel: ctx.config.get().TeamSettings.MaxNotificationsPerChannel,
  });

  return commit(ctx, async (store) => {
    // First, so the channel row orders concurrent posts and hands this one its own millisecond.
    const now = await store.posts.bumpChannel(channel.id, ctx.now(), rootId === '');
    const post: PostRecord = {
      id: newId(),
      create_at: now,
      update_at: now,
      edit_at: 0,
      delete_at: 0,
      is_pinned: false,
      user_id: session.user_id,
      channel_id: channel.id,
      root_id: rootId,
      original_id: '',
      message,
      type,
      props,
      hashtags: parseHashtags(message),
      file_ids: fileIds,
      pending_post_id: pending,
      has_reactions: false,
      remote_id: '',
      reply_count: 0,
      last_reply_at: 0,
    };
    await store.posts.insert(post);
    const files = await attachFiles(store, post, fileIds, session.user_id);
    // The root was checked above; this catches a root deleted since, and rolls the reply back.
    if (rootId !== '' && !(await store.posts.replyAdded(rootId, now))) throw rootGone();
    if (mentions.userIds.length > 0) await store.posts.incrementMentions(channel.id, mentions.userIds, rootId === '', now);
    // Posting reads the channel up to and including one's own post, as in Mattermost.
    const viewed = member ? await store.channels.markViewed(session.user_id, [channel.id], now) : [];

    const json = postJson(post, files.length > 0 ? { files: files.map(fileInfoJson) } : {});
    const data: Record<string, unknown> = {
      post: JSON.stringify(json),
      channel_display_name: channelDisplayName(channel, senderName, candidates, session.user_id),
      channel_name: channel.name,
      channel_type: channel.type,
      sender_name: atName(senderName),
      team_id: channel.team_id,
      set_online: opts.setOnline,
    };
    if (mentions.userIds.length > 0) data.mentions = JSON.stringify(mentions.userIds);
    const events: ServerEvent[] = [{ event: 'posted', data, broadcast: { channel_id: channel.id } }];
    if (viewed.length > 0 && ctx.config.get().ServiceSettings.EnableChannelViewedMessages) {
      events.push({ event: 'channel_viewed', data: { channel_id: channel.id }, broadcast: { user_id: session.user_id } });
    }
    return { result: json, events };
  });
}

/** The poster may use @channel/@all/@here: use_channel_mentions through the membership (or the system role). */
function mayMentionChannel(session: Session, member: ChannelMemberRecord | undefined): boolean {
  if (rolesHave(session.roles, 'use_channel_mentions')) return true;
  return !!member && rolesHave(memberRoles('channel', member), 'use_channel_mentions');
}

/** Mattermost's channel name in notifications: the sender for a DM, the members' names for a group message. */
function channelDisplayName(channel: ChannelRecord, senderUsername: string, members: Array<{ user_id: string; username: string }>, senderId: string): string {
  if (channel.type === 'D') return atName(senderUsername);
  if (channel.type === 'G') {
    return members
      .filter((m) => m.user_id !== senderId)
      .map((m) => atName(m.username))
      .sort()
      .join(', ');
  }
  return channel.display_name;
}

/** Claims the uploads for the post; a file that is not the poster's, elsewhere or already attached fails the post. */
async function attachFiles(store: Store, post: PostRecord, fileIds: string[], userId: string) {
  if (fileIds.length === 0) return [];
  const attached = await store.files.attachToPost(fileIds, post.id, post.channel_id, userId);
  if (attached !== fileIds.length) {
    throw badRequest(
      'api.post.create_post.attach_files.app_error',
      'Some of the files cannot be attached: each must be uploaded by you to this channel and not be attached to another post.',
    );
  }
  const files = await store.files.getMany(fileIds);
  const byId = new Map(files.map((f) => [f.id, f]));
  return fileIds.map((id) => byId.get(id)!);
}

export type PostEdit = { message?: unknown; props?: unknown; file_ids?: unknown; is_pinned?: unknown };

/**
 * Edits a post: the author with edit_post, others with edit_others_posts as well. A changed message sets edit_at
 * and is refused after ServiceSettings.PostEditTimeLimit seconds (-1: never). New file ids must be the editor's
 * unattached uploads to the channel. Fields left out stay as they are.
 */
export async function editPost(ctx: AppContext, session: Session, postId: string, edit: PostEdit): Promise<PostJson> {
  const changes: PostChanges = {};
  if (edit.message !== undefined) changes.message = validMessage(edit.message);
  if (edit.props !== undefined) changes.props = validProps(edit.props);
  if (edit.file_ids !== undefined) changes.file_ids = validFileIds(edit.file_ids);
  if (edit.is_pinned !== undefined) {
    if (typeof edit.is_pinned !== 'boolean') throw invalidParam('is_pinned');
    changes.is_pinned = edit.is_pinned;
  }
  const post = await getPostOr404(ctx, postId);
  await requirePostPermission(ctx, session, post, 'edit_post', 'edit_others_posts', true);
  const channel = await getChannelOr404(ctx, post.channel_id);
  requireOpenChannel(channel, 'api.post.update_post.can_not_update_post_in_deleted.error', 'edited');
  if (post.type.startsWith('system_')) throw badRequest('api.post.update_post.system_message.app_error', 'System messages cannot be edited.');
  const messageChanged = changes.message !== undefined && changes.message !== post.message;
  const limit = ctx.config.get().ServiceSettings.PostEditTimeLimit;
  if (messageChanged && limit !== -1 && ctx.now() > post.create_at + limit * 1000) {
    throw badRequest('api.post.update_post.permissions_time_limit.app_error', `Posts can be edited for ${limit} seconds after they are sent.`);
  }
  if (changes.props !== undefined) {
    // Server-owned props survive an edit.
    for (const key of SERVER_PROPS) if (key in post.props) changes.props[key] = post.props[key];
  }
  if (changes.file_ids !== undefined && changes.file_ids.length > 0 && !(await hasChannelPermission(ctx, session, channel.id, 'upload_file'))) {
    throw noPermission('upload_file');
  }
  return commit(ctx, async (store) => {
    const current = await getPostOr404(ctx, postId, store);
    const now = ctx.now();
    if (messageChanged) {
      changes.edit_at = now;
      changes.hashtags = parseHashtags(changes.message!);
      // The version being replaced stays as a hidden row (deleted, original_id = the post), as Mattermost keeps it:
      // GET /posts/{id}/edit_history reads these. Being deleted, no list, thread, search or count ever sees it.
      await store.posts.insert({ ...current, id: newId(), original_id: current.id, delete_at: now, update_at: now });
    } else {
      delete changes.message;
    }
    if (changes.file_ids !== undefined) {
      const added = changes.file_ids.filter((id) => !current.file_ids.includes(id));
      await attachFiles(store, current, added, session.user_id);
      // Files taken off the post are deleted (no longer downloadable or found); restoring a version brings them back.
      await store.files.deleteForPost(postId, now, current.file_ids.filter((id) => !changes.file_ids!.includes(id)));
    }
    changes.update_at = now;
    await store.posts.update(postId, changes);
    const next: PostRecord = { ...current, ...changes };
    const json = postJson(next, (await postMetadata(store, [next])).get(next.id));
    return { result: json, events: [{ event: 'post_edited', data: { post: JSON.stringify(json) }, broadcast: { channel_id: next.channel_id } }] };
  });
}

/**
 * POST /posts/{id}/restore/{version_id}: makes an earlier version of the message (from GET /posts/{id}/edit_history)
 * the current one, as an edit — so the version being replaced joins the history in turn. Mattermost's rules: the
 * version must belong to this post (else 400) and to the caller (else 403); the edit itself is checked as any edit.
 * The message and the attachments it had are restored.
 */
export async function restorePostVersion(ctx: AppContext, session: Session, postId: string, versionId: string): Promise<PostJson> {
  const version = await ctx.store.posts.get(versionId);
  if (!version || version.original_id !== postId) {
    throw badRequest('app.post.restore_post_version.not_an_history_item.app_error', 'The version to restore is not an earlier version of this post.');
  }
  if (version.user_id !== session.user_id) throw noPermission('edit_post');
  // The version's attachments come back too: an edit that took them off deleted them, but they are still this post's.
  return editPost(ctx, session, postId, { message: version.message, file_ids: version.file_ids });
}

/** Pins or unpins a post: any member who may read the channel, as in Mattermost. */
export async function setPinned(ctx: AppContext, session: Session, postId: string, pinned: boolean): Promise<void> {
  const post = await getPostOr404(ctx, postId);
  if (!(await hasChannelPermission(ctx, session, post.channel_id, 'read_channel'))) throw noPermission('read_channel');
  const channel = await getChannelOr404(ctx, post.channel_id);
  requireOpenChannel(channel, 'api.post.update_post.can_not_update_post_in_deleted.error', 'pinned');
  await commit(ctx, async (store) => {
    const current = await getPostOr404(ctx, postId, store);
    const next: PostRecord = { ...current, is_pinned: pinned, update_at: ctx.now() };
    await store.posts.update(postId, { is_pinned: pinned, update_at: next.update_at });
    const json = postJson(next, (await postMetadata(store, [next])).get(next.id));
    return { result: undefined, events: [{ event: 'post_edited', data: { post: JSON.stringify(json) }, broadcast: { channel_id: next.channel_id } }] };
  });
}

/**
 * Soft-deletes a post: the author with delete_post, others with delete_others_posts (team and channel admins).
 * Deleting a root deletes its thread; deleting a reply recounts its root. Files of deleted posts are deleted too.
 */
export async function deletePost(ctx: AppContext, session: Session, postId: string): Promise<void> {
  const post = await getPostOr404(ctx, postId);
  await requirePostPermission(ctx, session, post, 'delete_post', 'delete_others_posts', false);
  const channel = await getChannelOr404(ctx, post.channel_id);
  requireOpenChannel(channel, 'api.post.delete_post.can_not_delete_post_in_deleted.error', 'deleted');
  await commit(ctx, async (store) => {
    const current = await getPostOr404(ctx, postId, store);
    const now = ctx.now();
    const deleted = await store.posts.softDelete(current, now, session.user_id);
    for (const d of deleted) if (d.file_ids.length > 0) await store.files.deleteForPost(d.id, now);
    if (current.root_id !== '') await store.posts.replyRemoved(current.root_id, now);
    const json = postJson({ ...current, delete_at: now, update_at: now });
    return { result: undefined, events: [{ event: 'post_deleted', data: { post: JSON.stringify(json) }, broadcast: { channel_id: current.channel_id } }] };
  });
}

/**
 * Own posts need `own`; other people's need `others`, and for edits `own` as well (Mattermost checks edit_post
 * before edit_others_posts, but delete_others_posts alone).
 */
async function requirePostPermission(ctx: AppContext, session: Session, post: PostRecord, own: string, others: string, othersNeedOwn: boolean): Promise<void> {
  const mine = post.user_id === session.user_id;
  if ((mine || othersNeedOwn) && !(await hasChannelPermission(ctx, session, post.channel_id, own))) throw noPermission(own);
  if (!mine && !(await hasChannelPermission(ctx, session, post.channel_id, others))) throw noPermission(others);
}
