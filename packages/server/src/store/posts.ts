/** A post as stored. Roots carry their thread's reply_count and last_reply_at. */
export type PostRecord = {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  is_pinned: boolean;
  user_id: string;
  channel_id: string;
  root_id: string;
  original_id: string;
  message: string;
  type: string;
  props: Record<string, unknown>;
  hashtags: string;
  file_ids: string[];
  pending_post_id: string;
  has_reactions: boolean;
  remote_id: string;
  reply_count: number;
  last_reply_at: number;
};

/**
 * One page of a channel's live posts, newest first. Posts of a channel have distinct create_at times (the post path
 * claims each from the channel row, see bumpChannel), so create_at alone orders history and serves as cursor.
 */
export type ChannelPostsQuery = {
  channelId: string;
  page: number;
  perPage: number;
  /** Root posts only (collapsed threads). */
  rootsOnly: boolean;
  /** Only posts created before this time. */
  before?: number;
  /** Only posts created after this time (the page then counts from there upwards). */
  after?: number;
  /** Posts skipped before the first one returned; page * perPage when not given. */
  offset?: number;
};

/** A slice of a thread's live replies: `down` is oldest first, `up` newest first, each continuing past `from`. */
export type ThreadQuery = {
  rootId: string;
  direction: 'up' | 'down';
  limit: number;
  /** A create_at to continue from (exclusive). */
  from?: number;
};

export type PostChanges = Partial<Pick<PostRecord, 'update_at' | 'edit_at' | 'is_pinned' | 'message' | 'props' | 'hashtags' | 'file_ids' | 'has_reactions'>>;

/** A channel member as mention parsing sees them (active accounts only). */
export type MentionCandidate = {
  user_id: string;
  username: string;
  first_name: string;
  user_notify_props: Record<string, string>;
  channel_notify_props: Record<string, string>;
};

export interface PostStore {
  insert(post: PostRecord): Promise<void>;
  /** A post, deleted or not. */
  get(id: string): Promise<PostRecord | undefined>;
  /** Posts by id, deleted or not, in no particular order. */
  getMany(ids: string[]): Promise<PostRecord[]>;
  update(id: string, changes: PostChanges): Promise<void>;
  /** A page of live posts, newest first (served by idx_posts_channel_create_at). */
  channelPage(q: ChannelPostsQuery): Promise<PostRecord[]>;
  /**
   * A page (as channelPage) and the threads around it as Mattermost adds them when threads are not collapsed: the live
   * roots of the page's replies and, with `withReplies`, every live reply of those roots (as threads()). One statement
   * on PostgreSQL, where that saves a round trip. `threads` holds only posts not on the page, oldest first.
   */
  pageWithThreads(q: ChannelPostsQuery, withReplies: boolean): Promise<{ page: PostRecord[]; threads: PostRecord[] }>;
  /** Posts created, edited or deleted after `time` (deleted ones included), oldest change first, at most `limit`. */
  changedSince(channelId: string, time: number, rootsOnly: boolean, limit: number): Promise<PostRecord[]>;
  /** The live roots with these ids in the channel, and with `withReplies` their live replies too. */
  threads(channelId: string, rootIds: string[], withReplies: boolean): Promise<PostRecord[]>;
  /** The live post right before or after the time (older or newer), or undefined at either end of the channel. */
  neighbour(channelId: string, createAt: number, direction: 'older' | 'newer', rootsOnly: boolean): Promise<PostRecord | undefined>;
  /** The first live post created after `time`. */
  firstAfter(channelId: string, time: number, rootsOnly: boolean): Promise<PostRecord | undefined>;
  /** Live replies of a root. */
  replies(q: ThreadQuery): Promise<PostRecord[]>;
  /** Live pinned posts of a channel, newest first. */
  pinned(channelId: string): Promise<PostRecord[]>;
  countPinned(channelId: string): Promise<number>;
  /** Soft-deletes a post and, for a root, its live replies; returns the posts deleted with their file ids. */
  softDelete(post: PostRecord, at: number, deleteBy: string): Promise<Array<{ id: string; file_ids: string[] }>>;
  /** A reply arrived: the root counts it and moves its last_reply_at and update_at. False when the root is gone. */
  replyAdded(rootId: string, at: number): Promise<boolean>;
  /** A reply went: the root's reply_count and last_reply_at are counted again from its live replies. */
  replyRemoved(rootId: string, at: number): Promise<void>;
  /**
   * A post arrives in the channel: claims its create_at, `now` or just after the channel's last post if that is not
   * earlier (so a channel's posts never share a millisecond), and moves last_post_at and the message totals (root
   * totals for roots). The channel row is locked until commit, so concurrent posts to a channel queue here.
   */
  bumpChannel(channelId: string, now: number, root: boolean): Promise<number>;
  /** One mention more for each of these members (and a root mention for roots): one statement, whatever their number. */
  incrementMentions(channelId: string, userIds: string[], root: boolean, at: number): Promise<void>;
  /** The channel's members with active accounts, with what mention parsing needs. */
  mentionCandidates(channelId: string): Promise<MentionCandidate[]>;
  /** Live posts of the channel created after `time`: all of them and the roots among them. */
  countAfter(channelId: string, time: number): Promise<{ all: number; roots: number }>;
  /** Live posts of the channel created at or after `time` by anyone but `userId`, oldest first (mention recounts). */
  postedSince(channelId: string, time: number, notBy: string): Promise<Array<Pick<PostRecord, 'id' | 'user_id' | 'root_id' | 'message'>>>;
  /**
   * A member marks the channel unread from a post: last_viewed_at = lastViewedAt, the read counts are the channel's
   * totals less the unread posts, mentions are set as counted. False when the user is not a member.
   */
  markUnread(channelId: string, userId: string, state: UnreadState): Promise<boolean>;
  /** Earlier versions of a post (hidden rows whose original_id is the post), newest first. */
  editHistory(postId: string): Promise<PostRecord[]>;
  /** A page of the user's flagged (saved) live posts in channels they are a member of, newest first. */
  flagged(q: FlaggedPostsQuery): Promise<PostRecord[]>;
}

/** What a member's unread state becomes when they mark a channel unread from a post. */
export type UnreadState = {
  lastViewedAt: number;
  /** Live posts after lastViewedAt (all, roots). */
  unread: number;
  unreadRoot: number;
  mentions: number;
  mentionsRoot: number;
  at: number;
};

/** Mattermost's flagged posts: preferences of category flagged_post name the posts. */
export type FlaggedPostsQuery = {
  userId: string;
  /** Only this channel. */
  channelId?: string;
  /** Only this team's channels (and direct and group messages, as Mattermost). */
  teamId?: string;
  offset: number;
  limit: number;
};

export type ReactionRecord = {
  user_id: string;
  post_id: string;
  emoji_name: string;
  channel_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  remote_id: string;
};

export interface ReactionStore {
  /** Saves a reaction; false (and nothing changed) when the user already reacted so. */
  insert(reaction: ReactionRecord): Promise<boolean>;
  /** Removes a reaction; false when there was none. */
  remove(postId: string, userId: string, emojiName: string): Promise<boolean>;
  /** Reactions of these posts, oldest first. */
  forPosts(postIds: string[]): Promise<ReactionRecord[]>;
  /** The distinct emoji on a post. */
  emojiNames(postId: string): Promise<string[]>;
}
