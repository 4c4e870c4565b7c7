// Unsent messages, kept per channel and per thread in localStorage so they survive switching channels and reloads.
// Uploaded attachments are kept with them (by their file info): the files are on the server already.
import type { FileInfo } from '@mattermost/types/files';

export type Draft = { message: string; files: FileInfo[]; updateAt: number };

const PREFIX = 'prat.draft.';

/** The storage key of the draft of a channel (rootId '') or of a thread. */
export function draftKey(channelId: string, rootId = ''): string {
  return `${PREFIX}${channelId}${rootId ? `:${rootId}` : ''}`;
}

/** The saved draft, or an empty one (also when storage is unavailable or holds garbage). */
export function loadDraft(storage: Storage | undefined, channelId: string, rootId = ''): Draft {
  const empty: Draft = { message: '', files: [], updateAt: 0 };
  try {
    const raw = storage?.getItem(draftKey(channelId, rootId));
    if (!raw) return empty;
    const parsed = JSON.parse(raw) as Partial<Draft>;
    return { message: typeof parsed.message === 'string' ? parsed.message : '', files: Array.isArray(parsed.files) ? parsed.files : [], updateAt: Number(parsed.updateAt) || 0 };
  } catch {
    return empty;
  }
}

/** Saves a draft; an empty one is removed, so storage holds only real drafts. */
export function saveDraft(storage: Storage | undefined, channelId: string, rootId: string, draft: Pick<Draft, 'message' | 'files'>): void {
  try {
    const key = draftKey(channelId, rootId);
    if (!draft.message.trim() && draft.files.length === 0) storage?.removeItem(key);
    else storage?.setItem(key, JSON.stringify({ ...draft, updateAt: Date.now() }));
  } catch {
    // Storage full or disabled (private mode): the draft lives only while the composer is open.
  }
}
