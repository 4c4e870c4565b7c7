import type { AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import type { FileSearch } from '../store/files.ts';
import { invalidParam } from './errors.ts';
import { requireTeamPermission } from './permissions.ts';
import { parseSearch, searchTimeBounds, searchWords, type ParsedSearch } from './search-query.ts';
import { resolveSearchNames, type SearchRequest } from './search.ts';
import { fileInfoJson, type FileInfoJson } from './files.ts';

// File search (POST /teams/{id}/files/search, POST /files/search): Mattermost's search syntax over file names, in
// the channels the user is a member of — the same channels message search covers — with ext: for extensions.
// A term's words must appear in the file name in that order, case-insensitively ("rapport" finds
// "Årsrapport-2024.pdf", "års rapport" finds it too); only files attached to live posts are found.

/** Mattermost's FileInfoList (FileSearchResults in @mattermost/types). */
export type FileInfoListJson = {
  order: string[];
  file_infos: Record<string, FileInfoJson>;
  next_file_info_id: string;
  prev_file_info_id: string;
  first_inaccessible_file_time: number;
};

const emptyList = (): FileInfoListJson => ({ order: [], file_infos: {}, next_file_info_id: '', prev_file_info_id: '', first_inaccessible_file_time: 0 });

/** A search asks for something: a term, an extension, from:, in: or a date. Exclusions alone ask for nothing. */
function hasCriteria(s: ParsedSearch): boolean {
  return (
    s.terms.length > 0 ||
    s.extensions.length > 0 ||
    s.fromUsers.length > 0 ||
    s.inChannels.length > 0 ||
    s.onDate !== undefined ||
    s.afterDate !== undefined ||
    s.beforeDate !== undefined
  );
}

/**
 * Searches file names in the session user's channels: one team (its channels plus the user's direct and group
 * messages; 403 without view_team) or, with teamId undefined, every team. Newest first.
 */
export async function searchFiles(ctx: AppContext, session: Session, teamId: string | undefined, req: SearchRequest): Promise<FileInfoListJson> {
  if (teamId !== undefined) await requireTeamPermission(ctx, session, teamId, 'view_team');
  if (req.terms === '') throw invalidParam('terms');
  const parsed = parseSearch(req.terms);
  if (!hasCriteria(parsed)) return emptyList();
  const bounds = searchTimeBounds(parsed, req.timeZoneOffset);
  if (bounds.since !== undefined && bounds.until !== undefined && bounds.since >= bounds.until) return emptyList();
  // Hashtags mean nothing in a file name: "#rapport" looks for "rapport".
  const words = (t: { text: string }) => searchWords(t.text);
  const query: FileSearch = {
    userId: session.user_id,
    teamId,
    includeArchivedChannels: req.includeDeletedChannels && ctx.config.get().TeamSettings.ExperimentalViewArchivedChannels,
    terms: parsed.terms.map(words).filter((w) => w.length > 0),
    anyTerm: req.isOrSearch,
    excludedTerms: parsed.excludedTerms.map(words).filter((w) => w.length > 0),
    extensions: parsed.extensions,
    excludedExtensions: parsed.excludedExtensions,
    ...(await resolveSearchNames(ctx, session, parsed)),
    since: bounds.since,
    until: bounds.until,
    excludedTimes: bounds.excluded,
    offset: req.page * req.perPage,
    limit: req.perPage,
  };
  const files = await ctx.store.files.search(query);
  const list = emptyList();
  for (const f of files) {
    list.order.push(f.id);
    list.file_infos[f.id] = fileInfoJson(f);
  }
  return list;
}
