import type { AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import type { Page } from '../store/store.ts';
import { requireSelfOrAdmin } from './users.ts';
import { readableChannelIds } from './post-lists.ts';
import { emptyPostList, postJson, postMetadata, type PostListJson } from './post-json.ts';

/** Mattermost keeps saved ("flagged") posts as preferences of this category, the post id as the name. */
export const FLAGGED_POST_CATEGORY = 'flagged_post';

export type FlaggedFilter = { channelId?: string; teamId?: string };

/**
 * GET /users/{uid}/posts/flagged: the user's saved posts that are live and in channels they are still a member of
 * (and the session may read), newest first; optionally one channel, or one team's channels plus direct and group
 * messages. Paged in the store, so a page can come back short when a channel became unreadable (as Mattermost).
 */
export async function flaggedPosts(ctx: AppContext, session: Session, userId: string, filter: FlaggedFilter, page: Page): Promise<PostListJson> {
  requireSelfOrAdmin(session, userId);
  // Mattermost: a channel filter wins over a team filter.
  const posts = await ctx.store.posts.flagged({
    userId,
    channelId: filter.channelId,
    teamId: filter.channelId === undefined ? filter.teamId : undefined,
    offset: page.page * page.perPage,
    limit: page.perPage,
  });
  const readable = await readableChannelIds(ctx, session, posts.map((p) => p.channel_id));
  const shown = posts.filter((p) => readable.has(p.channel_id));
  const list = emptyPostList();
  const metadata = await postMetadata(ctx.store, shown);
  for (const p of shown) {
    list.order.push(p.id);
    list.posts[p.id] = postJson(p, metadata.get(p.id));
  }
  return list;
}
