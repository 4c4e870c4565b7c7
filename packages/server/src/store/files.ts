import type { Page } from './store.ts';
import type { SearchScope } from './search.ts';

/** One stored upload, as Mattermost's FileInfo row. Paths are relative to FileSettings.Directory. */
export type FileInfoRecord = {
  id: string;
  creator_id: string;
  /** '' until a post claims the file through its file_ids. */
  post_id: string;
  channel_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  path: string;
  thumbnail_path: string;
  preview_path: string;
  name: string;
  extension: string;
  size: number;
  mime_type: string;
  width: number;
  height: number;
  has_preview_image: boolean;
  /** A tiny JPEG in base64, for images; null otherwise. */
  mini_preview: string | null;
};

export interface FileStore {
  insert(files: FileInfoRecord[]): Promise<void>;
  get(id: string): Promise<FileInfoRecord | undefined>;
  /** The files with these ids that exist (deleted ones included), in no particular order. */
  getMany(ids: string[]): Promise<FileInfoRecord[]>;
  /** A post's files, oldest first; deleted ones only when asked. */
  forPost(postId: string, includeDeleted?: boolean): Promise<FileInfoRecord[]>;
  /** A channel's files, newest first, deleted ones left out. */
  forChannel(channelId: string, page: Page): Promise<FileInfoRecord[]>;
  /**
   * Claims uploads for a post: only files of that creator, uploaded to that channel, and either not yet attached (and
   * not deleted) or this post's own — a file an edit took off the post comes back. Returns how many were attached;
   * call it inside the post's transaction and compare with fileIds.length.
   */
  attachToPost(fileIds: string[], postId: string, channelId: string, userId: string): Promise<number>;
  /** Soft-deletes a post's files (when the post is deleted), or only those of them an edit took off; returns their ids. */
  deleteForPost(postId: string, at: number, only?: string[]): Promise<string[]>;
  /** Live files attached to posts in channels the user is a member of that match, newest first (ties by id). */
  search(q: FileSearch): Promise<FileInfoRecord[]>;
}

/** A file search, names already resolved (Mattermost's file search: names, extensions, channels, authors, dates). */
export type FileSearch = SearchScope & {
  /** Each term is words that must appear in the file name in this order, case-insensitively. */
  terms: string[][];
  /** Any of the terms instead of all of them. */
  anyTerm: boolean;
  excludedTerms: string[][];
  /** Lower-case extensions without the dot; empty: any. */
  extensions: string[];
  excludedExtensions: string[];
};
