import { commit, type AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import { noPermission, notFound } from './errors.ts';
import { hasChannelPermission } from './permissions.ts';
import { requireSelfOrAdmin } from './users.ts';
import { getChannelOr404 } from './channels.ts';
import { findMentions } from './mentions.ts';

/** Mattermost's ChannelUnreadAt: a member's read state right after marking a channel unread from a post. */
export type ChannelUnreadAtJson = {
  team_id: string;
  user_id: string;
  channel_id: string;
  /** Posts read (not unread), as the member row holds it. */
  msg_count: number;
  msg_count_root: number;
  mention_count: number;
  mention_count_root: number;
  urgent_mention_count: number;
  last_viewed_at: number;
};

/**
 * POST /users/{uid}/posts/{pid}/set_unread (Mattermost's MarkChannelAsUnreadFromPost): the member's channel reads
 * as if last viewed just before the post — last_viewed_at = its create_at - 1, the posts from it on unread, and the
 * mentions among them counted again with the mention rules of the post path. `post_unread` goes to the user's
 * connections after commit. The caller must be the user (or a system admin) and able to read the post's channel.
 */
export async function markPostUnread(ctx: AppContext, session: Session, userId: string, postId: string): Promise<ChannelUnreadAtJson> {
  requireSelfOrAdmin(session, userId);
  const post = await ctx.store.posts.get(postId);
  // As Mattermost's SessionHasPermissionToChannelByPost: a post that is gone is a permission error, not a 404.
  if (!post || post.delete_at !== 0 || !(await hasChannelPermission(ctx, session, post.channel_id, 'read_channel_content'))) {
    throw noPermission('read_channel_content');
  }
  const channel = await getChannelOr404(ctx, post.channel_id);
  const lastViewedAt = post.create_at - 1;

  return commit(ctx, async (store) => {
    const member = await store.channels.getMember(channel.id, userId);
    if (!member) throw notFound('app.channel.get_member.missing.app_error', 'No channel member found for that user id and channel id.');
    // The user's own posts never mention them; everyone else's are parsed as they were when posted.
    const candidates = await store.posts.mentionCandidates(channel.id);
    const posts = await store.posts.postedSince(channel.id, post.create_at, userId);
    const unread = await store.posts.countAfter(channel.id, lastViewedAt);
    const members = candidates.map((c) => ({
      userId: c.user_id,
      username: c.username,
      firstName: c.first_name,
      userNotifyProps: c.user_notify_props,
      channelNotifyProps: c.channel_notify_props,
      // As Mattermost: the user is taken to be online (they are marking it now) and channel mentions allowed.
      online: c.user_id === userId,
    }));
    let mentions = 0;
    let mentionsRoot = 0;
    for (const p of posts) {
      const found = findMentions({
        message: p.message,
        channelType: channel.type,
        posterId: p.user_id,
        members,
        posterMayMentionChannel: true,
        maxNotificationsPerChannel: ctx.config.get().TeamSettings.MaxNotificationsPerChannel,
      });
      if (!found.userIds.includes(userId)) continue;
      mentions++;
      if (p.root_id === '') mentionsRoot++;
    }
    const at = ctx.now();
    await store.posts.markUnread(channel.id, userId, { lastViewedAt, unread: unread.all, unreadRoot: unread.roots, mentions, mentionsRoot, at });
    const updated = (await store.channels.getMember(channel.id, userId))!;
    const result: ChannelUnreadAtJson = {
      team_id: channel.team_id,
      user_id: userId,
      channel_id: channel.id,
      msg_count: updated.msg_count,
      msg_count_root: updated.msg_count_root,
      mention_count: updated.mention_count,
      mention_count_root: updated.mention_count_root,
      urgent_mention_count: updated.urgent_mention_count,
      last_viewed_at: updated.last_viewed_at,
    };
    const data = {
      msg_count: result.msg_count,
      msg_count_root: result.msg_count_root,
      mention_count: result.mention_count,
      mention_count_root: result.mention_count_root,
      urgent_mention_count: result.urgent_mention_count,
      last_viewed_at: result.last_viewed_at,
      post_id: post.id,
    };
    return { result, events: [{ event: 'post_unread', data, broadcast: { team_id: channel.team_id, channel_id: channel.id, user_id: userId } }] };
  });
}
