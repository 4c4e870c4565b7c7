import { EventEmitter, once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { posix, resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileInfo } from '@mattermost/types/files';
import type { AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import { AppError, badRequest, invalidParam, noPermission, notFound } from './errors.ts';
import { isValidId, newId } from './ids.ts';
import { hasChannelPermission } from './permissions.ts';
import { contentTypeFor, cutToBytes, extensionOf, INLINE_IMAGE_TYPES, sanitizeFileName, stemOf } from './file-names.ts';
import { processImage } from './images.ts';
import type { FileInfoRecord } from '../store/files.ts';

/** One part of an upload, in the order the client sent them. A file part's stream must be read or destroyed. */
export type UploadPart = { kind: 'field'; name: string; value: string } | { kind: 'file'; field: string; filename: string; stream: Readable };

export type UploadResult = { file_infos: FileInfoJson[]; client_ids: string[] };

// Mattermost allows 10 files per post; a request may carry as many, and a form a few more fields.
export const MAX_FILES_PER_REQUEST = 10;
const MAX_CLIENT_ID_LENGTH = 128;

/** The 501 Mattermost answers every file route with when FileSettings.EnableFileAttachments is off. */
export function requireAttachmentsEnabled(ctx: AppContext): void {
  if (!ctx.config.get().FileSettings.EnableFileAttachments) {
    throw new AppError('api.file.attachments.disabled.app_error', 'File attachments have been disabled on this server.', 501);
  }
}

/** The 413 for a file over FileSettings.MaxFileSize. */
export function fileTooLarge(limit: number, name?: string): AppError {
  const what = name ? `Unable to upload file ${name}.` : 'Unable to upload file.';
  return new AppError('api.file.upload_file.too_large_detailed.app_error', `${what} The file exceeds the maximum allowed size of ${limit} bytes.`, 413);
}

/**
 * Stores a multipart or raw upload: each file is streamed to FileSettings.Directory (never held whole in memory),
 * images get their previews, and the FileInfos are written in one transaction. channel_id must come (as a field or
 * from the query) before the first file, so nothing is written before the caller's upload_file permission is known.
 * On any failure every file written so far is removed and nothing reaches the database.
 */
export async function uploadFiles(ctx: AppContext, session: Session, parts: AsyncIterable<UploadPart>, opts: { channelId?: string } = {}): Promise<UploadResult> {
  const activity = uploadActivity(ctx);
  activity.begin();
  const staged: StagedFile[] = [];
  try {
    let channelId: string | undefined;
    if (opts.channelId !== undefined) channelId = await requireUploadChannel(ctx, session, opts.channelId);
    const clientIds: string[] = [];
    for await (const part of parts) {
      if (part.kind === 'field') {
        if (part.name === 'channel_id') {
          if (staged.length > 0) throw badRequest('api.file.upload_file.channel_id_after_files.app_error', 'channel_id must come before the files in the form.');
          if (channelId !== undefined && channelId !== part.value) throw invalidParam('channel_id');
          channelId ??= await requireUploadChannel(ctx, session, part.value);
        } else if (part.name === 'client_ids') {
          if (part.value.length > MAX_CLIENT_ID_LENGTH) throw invalidParam('client_ids');
          clientIds.push(part.value);
        }
        continue;
      }
      if (part.field !== 'files' || channelId === undefined) {
        part.stream.destroy();
        if (channelId === undefined) throw badRequest('api.file.upload_file.no_channel_id.app_error', 'channel_id must come before the files in the form (or in the query).');
        throw badRequest('api.file.upload_file.unexpected_part.app_error', `Unexpected file part "${part.field}": files must be sent in "files" parts.`);
      }
      if (staged.length >= MAX_FILES_PER_REQUEST) {
        part.stream.destroy();
        throw badRequest('api.file.upload_file.too_many_files.app_error', `At most ${MAX_FILES_PER_REQUEST} files may be uploaded at once.`);
      }
      staged.push(await stageFile(ctx, session.user_id, channelId, part.filename, part.stream));
    }
    if (channelId === undefined) throw invalidParam('channel_id');
    if (staged.length === 0) throw badRequest('api.file.upload_file.no_files.app_error', 'The request contains no files.');
    if (clientIds.length > 0 && clientIds.length !== staged.length) {
      throw badRequest('api.file.upload_file.incorrect_number_of_client_ids.app_error', `${clientIds.length} client_ids were sent for ${staged.length} files.`);
    }
    const maxPixels = ctx.config.get().FileSettings.MaxImageResolution;
    const records: FileInfoRecord[] = [];
    for (const f of staged) records.push(await describeFile(ctx, f, maxPixels));
    await ctx.store.tx((store) => store.files.insert(records));
    return { file_infos: records.map(fileInfoJson), client_ids: clientIds };
  } catch (err) {
    await Promise.all(staged.map((f) => removeStaged(ctx, f)));
    throw err;
  } finally {
    activity.end();
  }
}

/** A raw-body upload (`POST /files?channel_id=&filename=`): the body is the file. */
export async function* rawUploadParts(body: Readable, filename: string | undefined, clientId: string | undefined): AsyncGenerator<UploadPart> {
  if (filename === undefined) {
    body.destroy();
    throw invalidParam('filename');
  }
  if (clientId !== undefined) yield { kind: 'field', name: 'client_ids', value: clientId };
  yield { kind: 'file', field: 'files', filename, stream: body };
}

async function requireUploadChannel(ctx: AppContext, session: Session, channelId: string): Promise<string> {
  if (!isValidId(channelId)) throw invalidParam('channel_id');
  if (!(await hasChannelPermission(ctx, session, channelId, 'upload_file'))) throw noPermission('upload_file');
  const channel = await ctx.store.channels.get(channelId);
  if (!channel) throw notFound('app.channel.get.existing.app_error', 'Unable to find the existing channel.');
  if (channel.delete_at !== 0) throw badRequest('api.file.upload_file.archived_channel.app_error', 'Files cannot be uploaded to an archived channel.');
  return channelId;
}

type StagedFile = { id: string; channelId: string; creatorId: string; createAt: number; dir: string; name: string; size: number };

/** Streams one file to its place on disk, with backpressure and the size limit; on failure nothing of it remains. */
async function stageFile(ctx: AppContext, userId: string, channelId: string, rawName: string, source: Readable): Promise<StagedFile> {
  const { MaxFileSize } = ctx.config.get().FileSettings;
  const id = newId();
  const createAt = ctx.now();
  const name = sanitizeFileName(rawName);
  // Mattermost's layout: <yyyymmdd>/teams/noteam/channels/<cid>/users/<uid>/<fileid>/<name>.
  const dir = posix.join(dateDir(createAt), 'teams', 'noteam', 'channels', channelId, 'users', userId, id);
  const file: StagedFile = { id, channelId, creatorId: userId, createAt, dir, name, size: 0 };
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      file.size += chunk.length;
      if (file.size > MaxFileSize) done(fileTooLarge(MaxFileSize, name));
      else done(null, chunk);
    },
  });
  try {
    await mkdir(absolutePath(ctx, dir), { recursive: true });
    const out = createWriteStream(absolutePath(ctx, posix.join(dir, name)), { flags: 'wx' });
    out.once('open', () => uploadActivity(ctx).emit('file', id));
    await pipeline(source, counter, out);
    return file;
  } catch (err) {
    source.destroy();
    await removeStaged(ctx, file);
    if (err instanceof AppError) throw err;
    // Our own disk failing (a system call's error) is a 500; anything else broke on the client's side of the stream.
    if (isSystemError(err)) throw err;
    throw badRequest('api.file.upload_file.incomplete.app_error', 'The upload was malformed or ended before the file was complete.', (err as Error).message);
  }
}

const isSystemError = (err: unknown) => typeof err === 'object' && err !== null && 'syscall' in err;

/** The FileInfo of a staged file, with image facts and previews where it is an image. */
async function describeFile(ctx: AppContext, f: StagedFile, maxPixels: number): Promise<FileInfoRecord> {
  const extension = extensionOf(f.name);
  const mime = contentTypeFor(extension);
  const path = posix.join(f.dir, f.name);
  const record: FileInfoRecord = {
    id: f.id,
    creator_id: f.creatorId,
    post_id: '',
    channel_id: f.channelId,
    create_at: f.createAt,
    update_at: f.createAt,
    delete_at: 0,
    path,
    thumbnail_path: '',
    preview_path: '',
    name: f.name,
    extension,
    size: f.size,
    mime_type: mime,
    width: 0,
    height: 0,
    has_preview_image: false,
    mini_preview: null,
  };
  if (!INLINE_IMAGE_TYPES.has(mime)) return record;
  // "<stem>_thumb.jpg" beside the file, cut so the name stays within 255 bytes; it can never equal the file's name.
  const stem = cutToBytes(stemOf(f.name), 255 - '_preview.jpg'.length);
  const thumbnail = posix.join(f.dir, `${stem}_thumb.jpg`);
  const preview = posix.join(f.dir, `${stem}_preview.jpg`);
  const image = await processImage(absolutePath(ctx, path), absolutePath(ctx, thumbnail), absolutePath(ctx, preview), maxPixels);
  if (!image) return record;
  record.width = image.width;
  record.height = image.height;
  if (image.previews) {
    record.thumbnail_path = thumbnail;
    record.preview_path = preview;
    record.has_preview_image = true;
    record.mini_preview = image.previews.miniPreview;
  }
  return record;
}

async function removeStaged(ctx: AppContext, f: StagedFile): Promise<void> {
  await rm(absolutePath(ctx, f.dir), { recursive: true, force: true });
}

/** yyyymmdd in UTC. */
function dateDir(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** A stored path (relative, '/'-separated) inside FileSettings.Directory; anything that would leave it is refused. */
export function absolutePath(ctx: AppContext, relative: string): string {
  const root = resolve(ctx.config.get().FileSettings.Directory);
  const abs = resolve(root, ...relative.split('/'));
  if (abs !== root && !abs.startsWith(root + sep)) throw new AppError('api.file.path.app_error', 'A stored file path is not valid.', 500, relative);
  return abs;
}

/** A file the session may read: 404 when unknown or deleted, 403 outside the channel of the file (and of its post). */
export async function getReadableFile(ctx: AppContext, session: Session, fileId: string): Promise<FileInfoRecord> {
  const file = await ctx.store.files.get(fileId);
  if (!file || file.delete_at !== 0) throw notFound('app.file_info.get.app_error', 'Unable to find the file.');
  // A post takes only files uploaded to its own channel (FileStore.attachToPost), so this is the post's channel too.
  if (!(await hasChannelPermission(ctx, session, file.channel_id, 'read_channel_content'))) throw noPermission('read_channel_content');
  return file;
}

/** The files of a post the session may read, in upload order: 404 for an unknown post, 403 outside its channel. */
export async function getFilesForPost(ctx: AppContext, session: Session, postId: string, includeDeleted: boolean): Promise<FileInfoRecord[]> {
  const post = await ctx.store.posts.get(postId);
  if (!post || (post.delete_at !== 0 && !includeDeleted)) throw notFound('app.post.get.app_error', 'Unable to find the post.');
  if (!(await hasChannelPermission(ctx, session, post.channel_id, 'read_channel_content'))) throw noPermission('read_channel_content');
  return ctx.store.files.forPost(postId, includeDeleted);
}

/** Size and modification time of a stored file, or 404 when it is gone from disk. */
export async function statStored(ctx: AppContext, relative: string): Promise<{ path: string; size: number; mtimeMs: number }> {
  const path = absolutePath(ctx, relative);
  try {
    const s = await stat(path);
    return { path, size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    throw notFound('api.file.file_reader.app_error', 'The file could not be found in the file store.');
  }
}

export type FileInfoJson = Omit<FileInfo, 'clientId' | 'link'> & { remote_id: string };

/** Mattermost's FileInfo as the API returns it. */
export function fileInfoJson(f: FileInfoRecord): FileInfoJson {
  const out: FileInfoJson = {
    id: f.id,
    user_id: f.creator_id,
    post_id: f.post_id,
    channel_id: f.channel_id,
    create_at: f.create_at,
    update_at: f.update_at,
    delete_at: f.delete_at,
    name: f.name,
    extension: f.extension,
    size: f.size,
    mime_type: f.mime_type,
    width: f.width,
    height: f.height,
    has_preview_image: f.has_preview_image,
    remote_id: '',
    archived: false,
  };
  if (f.mini_preview) out.mini_preview = f.mini_preview;
  return out;
}

/**
 * Uploads in progress on one server: 'file' is emitted as each file starts to be written, and idle() settles once
 * every upload has finished, cleanup included. Lets tests observe an aborted upload end without sleeping.
 */
export class UploadActivity extends EventEmitter {
  private active = 0;

  begin(): void {
    this.active++;
  }

  end(): void {
    if (--this.active === 0) this.emit('idle');
  }

  async idle(): Promise<void> {
    if (this.active > 0) await once(this, 'idle');
  }
}

const activities = new WeakMap<AppContext, UploadActivity>();

/** The UploadActivity of a server. */
export function uploadActivity(ctx: AppContext): UploadActivity {
  let a = activities.get(ctx);
  if (!a) activities.set(ctx, (a = new UploadActivity()));
  return a;
}
