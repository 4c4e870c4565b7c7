import { z } from 'zod';
import type { AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import type { PostSearch } from '../store/search.ts';
import { badRequest, invalidParam } from './errors.ts';
import { requireTeamPermission } from './permissions.ts';
import { directChannelName, groupChannelName } from './channels.ts';
import { emptyPostList, postJson, postMetadata, type PostListJson } from './post-json.ts';
import { matchedTexts, parseSearch, searchHasCriteria, searchTimeBounds, type ParsedSearch } from './search-query.ts';

// Message search (POST /teams/{id}/posts/search, POST /posts/search): Mattermost's syntax (search-query.ts) over
// the full-text index, in the channels the user is a member of only — never another user's direct messages or a
// private channel they are not in, and archived channels only when asked for (and the config lets users view them).
// A from: or in: naming nobody (an unknown user or channel, or one the user is not in) matches nothing, as in
// Mattermost, rather than being an error: it must not tell apart private channels from channels that do not exist.

/** Mattermost's default and maximum page sizes. */
const PER_PAGE_DEFAULT = 60;
const PER_PAGE_MAX = 200;
/** Deeper pages than this are refused: no one reads them, and the offset must stay a sane number. */
const PAGE_MAX = 10_000;
/** Time zones are at most 14 hours from UTC; allow a day either way. */
const OFFSET_MAX = 86_400;

const searchBody = z.object({
  terms: z.string(),
  is_or_search: z.boolean().nullish(),
  time_zone_offset: z.number().int().min(-OFFSET_MAX).max(OFFSET_MAX).nullish(),
  include_deleted_channels: z.boolean().nullish(),
  page: z.number().int().min(0).max(PAGE_MAX).nullish(),
  per_page: z.number().int().min(0).nullish(),
});

export type SearchRequest = {
  terms: string;
  isOrSearch: boolean;
  /** Seconds east of UTC: the searcher's time zone, for on:, before: and after:. */
  timeZoneOffset: number;
  includeDeletedChannels: boolean;
  page: number;
  perPage: number;
};

/** Mattermost's PostSearchResults: a PostList plus, per post, the text each term matched there. */
export type PostSearchResultsJson = PostListJson & { matches: Record<string, string[]> };

/** The search body Mattermost's clients send (Client4.searchPostsWithParams); 400 when malformed. */
export function parseSearchRequest(body: unknown, errorId = 'api.post.search_posts.invalid_body.app_error'): SearchRequest {
  const r = searchBody.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || 'body';
    throw badRequest(errorId, `Invalid search request: ${field}: ${issue.message}.`);
  }
  const b = r.data;
  return {
    terms: b.terms,
    isOrSearch: b.is_or_search ?? false,
    timeZoneOffset: b.time_zone_offset ?? 0,
    includeDeletedChannels: b.include_deleted_channels ?? false,
    page: b.page ?? 0,
    perPage: Math.min(b.per_page || PER_PAGE_DEFAULT, PER_PAGE_MAX),
  };
}

const emptyResults = (): PostSearchResultsJson => ({ ...emptyPostList(), matches: {} });

/**
 * Searches the messages of the channels the session's user is a member of: in one team (its channels plus the
 * user's direct and group messages; 403 without view_team there) or, with teamId undefined, everywhere. Newest first.
 */
export async function searchPosts(ctx: AppContext, session: Session, teamId: string | undefined, req: SearchRequest): Promise<PostSearchResultsJson> {
  if (teamId !== undefined) await requireTeamPermission(ctx, session, teamId, 'view_team');
  // An empty search is a bad request in Mattermost too (a blank one just finds nothing).
  if (req.terms === '') throw invalidParam('terms');
  const parsed = parseSearch(req.terms);
  if (!searchHasCriteria(parsed)) return emptyResults();

  const names = await resolveSearchNames(ctx, session, parsed);
  const bounds = searchTimeBounds(parsed, req.timeZoneOffset);
  const query: PostSearch = {
    userId: session.user_id,
    teamId,
    includeArchivedChannels: req.includeDeletedChannels && ctx.config.get().TeamSettings.ExperimentalViewArchivedChannels,
    terms: parsed.terms,
    anyTerm: req.isOrSearch,
    excludedTerms: parsed.excludedTerms,
    ...names,
    since: bounds.since,
    until: bounds.until,
    excludedTimes: bounds.excluded,
    offset: req.page * req.perPage,
    // One more than a page tells whether another page follows.
    limit: req.perPage + 1,
  };
  if (query.since !== undefined && query.until !== undefined && query.since >= query.until) return emptyResults();

  const found = await ctx.store.search.posts(query);
  const page = found.slice(0, req.perPage);
  const list = emptyResults();
  const metadata = await postMetadata(ctx.store, page);
  for (const p of page) {
    list.order.push(p.id);
    list.posts[p.id] = postJson(p, metadata.get(p.id));
    const matched = matchedTexts(p.message, parsed.terms);
    if (matched.length > 0) list.matches[p.id] = matched;
  }
  list.has_next = found.length > req.perPage;
  return list;
}

export type SearchNames = {
  /** undefined: no from: given; empty: from: named nobody known, so nothing matches. */
  fromUserIds?: string[];
  excludedUserIds: string[];
  /** Channel handles; undefined: no in: given; empty: in: named no conversation. */
  inChannelNames?: string[];
  excludedChannelNames: string[];
};

/**
 * Resolves from: and in: (message and file search): usernames to ids; in:@user to the direct message with that
 * user and in:@user1,user2 to the group message with them (as Mattermost), both found by their handles.
 */
export async function resolveSearchNames(ctx: AppContext, session: Session, parsed: ParsedSearch): Promise<SearchNames> {
  const userIds = async (usernames: string[]) => (await ctx.store.users.getByUsernames([...new Set(usernames)])).map((u) => u.id);
  const channelNames = async (names: string[]) => {
    const out: string[] = [];
    for (const name of names) {
      if (!name.startsWith('@')) {
        out.push(name);
        continue;
      }
      const usernames = name.slice(1).split(',').map((u) => u.replace(/^@/, '')).filter((u) => u !== '');
      const ids = usernames.length > 0 ? await userIds(usernames) : [];
      if (ids.length === 0 || ids.length !== new Set(usernames).size) continue; // someone unknown: no such conversation
      const others = [...new Set(ids)].filter((id) => id !== session.user_id);
      if (others.length <= 1) out.push(directChannelName(session.user_id, others[0] ?? session.user_id));
      else out.push(groupChannelName([...others, session.user_id]));
    }
    return out;
  };
  return {
    fromUserIds: parsed.fromUsers.length > 0 ? await userIds(parsed.fromUsers) : undefined,
    excludedUserIds: parsed.excludedUsers.length > 0 ? await userIds(parsed.excludedUsers) : [],
    inChannelNames: parsed.inChannels.length > 0 ? await channelNames(parsed.inChannels) : undefined,
    excludedChannelNames: parsed.excludedChannels.length > 0 ? await channelNames(parsed.excludedChannels) : [],
  };
}

