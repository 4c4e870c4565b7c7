import { commit, type AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import type { ReactionRecord } from '../store/posts.ts';
import { badRequest, forbidden, invalidParam, noPermission, notFound } from './errors.ts';
import { isValidId } from './ids.ts';
import { hasChannelPermission } from './permissions.ts';
import { getChannelOr404 } from './channels.ts';
import { readableChannel, readableChannelIds } from './post-lists.ts';
import { reactionJson, type ReactionJson } from './post-json.ts';

/** Mattermost's UniqueEmojiReactionLimitPerPost default: distinct emoji one post may carry. */
export const UNIQUE_EMOJI_PER_POST = 50;
const EMOJI_NAME = /^[a-zA-Z0-9_+-]{1,64}$/;

export function validEmojiName(value: unknown): string {
  if (typeof value !== 'string' || !EMOJI_NAME.test(value)) {
    throw badRequest('model.reaction.is_valid.emoji_name.app_error', 'The emoji name must be 1–64 letters, digits, "_", "+" or "-".');
  }
  return value;
}

async function livePost(ctx: AppContext, postId: string) {
  const post = await ctx.store.posts.get(postId);
  if (!post || post.delete_at !== 0) throw notFound('app.post.get.app_error', 'Unable to find the post.');
  return post;
}

/** Reactions do not change in an archived channel: 403, as Mattermost. */
async function requireOpenChannel(ctx: AppContext, channelId: string, errorId: string): Promise<void> {
  const channel = await getChannelOr404(ctx, channelId);
  if (channel.delete_at !== 0) throw forbidden(errorId, 'Reactions cannot change in an archived channel.');
}

/**
 * Adds the caller's reaction (user_id must be the caller). Reacting twice is no change and no event. A post carries
 * at most 50 distinct emoji; an emoji already on it can always be added.
 */
export async function addReaction(ctx: AppContext, session: Session, body: Record<string, unknown>): Promise<ReactionJson> {
  if (!isValidId(body.user_id)) throw invalidParam('user_id');
  if (!isValidId(body.post_id)) throw invalidParam('post_id');
  const emoji = validEmojiName(body.emoji_name);
  if (body.user_id !== session.user_id) throw forbidden('api.reaction.save_reaction.user_id.app_error', 'You can only react as yourself.');
  const post = await livePost(ctx, body.post_id);
  if (!(await hasChannelPermission(ctx, session, post.channel_id, 'add_reaction'))) throw noPermission('add_reaction');
  await requireOpenChannel(ctx, post.channel_id, 'api.reaction.save.archived_channel.app_error');
  return commit(ctx, async (store) => {
    const names = await store.reactions.emojiNames(post.id);
    if (!names.includes(emoji) && names.length >= UNIQUE_EMOJI_PER_POST) {
      throw badRequest('app.reaction.save.save.too_many_reactions', `A post can carry at most ${UNIQUE_EMOJI_PER_POST} different emoji reactions.`);
    }
    const now = ctx.now();
    const reaction: ReactionRecord = { user_id: session.user_id, post_id: post.id, emoji_name: emoji, channel_id: post.channel_id, create_at: now, update_at: now, delete_at: 0, remote_id: '' };
    if (!(await store.reactions.insert(reaction))) {
      const existing = (await store.reactions.forPosts([post.id])).find((r) => r.user_id === session.user_id && r.emoji_name === emoji);
      return { result: reactionJson(existing ?? reaction) };
    }
    // The post changes with its reactions, so "since" requests see them.
    await store.posts.update(post.id, { has_reactions: true, update_at: now });
    const json = reactionJson(reaction);
    return { result: json, events: [{ event: 'reaction_added', data: { reaction: JSON.stringify(json) }, broadcast: { channel_id: post.channel_id } }] };
  });
}

/** Removes a reaction: one's own with remove_reaction, someone else's with remove_others_reactions. */
export async function removeReaction(ctx: AppContext, session: Session, userId: string, postId: string, emojiName: string): Promise<void> {
  const emoji = validEmojiName(emojiName);
  const post = await livePost(ctx, postId);
  const permission = userId === session.user_id ? 'remove_reaction' : 'remove_others_reactions';
  if (!(await hasChannelPermission(ctx, session, post.channel_id, permission))) throw noPermission(permission);
  await requireOpenChannel(ctx, post.channel_id, 'api.reaction.delete.archived_channel.app_error');
  await commit(ctx, async (store) => {
    const existing = (await store.reactions.forPosts([post.id])).find((r) => r.user_id === userId && r.emoji_name === emoji);
    if (!existing || !(await store.reactions.remove(post.id, userId, emoji))) return { result: undefined };
    const now = ctx.now();
    const left = await store.reactions.emojiNames(post.id);
    await store.posts.update(post.id, { has_reactions: left.length > 0, update_at: now });
    const json = reactionJson(existing);
    return { result: undefined, events: [{ event: 'reaction_removed', data: { reaction: JSON.stringify(json) }, broadcast: { channel_id: post.channel_id } }] };
  });
}

/** A post's reactions, oldest first. */
export async function reactionsForPost(ctx: AppContext, session: Session, postId: string): Promise<ReactionJson[]> {
  const post = await livePost(ctx, postId);
  await readableChannel(ctx, session, post.channel_id);
  return (await ctx.store.reactions.forPosts([post.id])).map(reactionJson);
}

/** Reactions of many posts: every readable post id maps to a list (empty when none); any unreadable post is a 403. */
export async function reactionsForPosts(ctx: AppContext, session: Session, postIds: string[]): Promise<Record<string, ReactionJson[]>> {
  const posts = (await ctx.store.posts.getMany([...new Set(postIds)])).filter((p) => p.delete_at === 0);
  const readable = await readableChannelIds(ctx, session, posts.map((p) => p.channel_id));
  if (posts.some((p) => !readable.has(p.channel_id))) throw noPermission('read_channel');
  const out: Record<string, ReactionJson[]> = Object.fromEntries(posts.map((p) => [p.id, []]));
  for (const r of await ctx.store.reactions.forPosts(posts.map((p) => p.id))) out[r.post_id]!.push(reactionJson(r));
  return out;
}
